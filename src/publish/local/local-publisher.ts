import { join } from 'node:path';
import type { GantryConfig } from '../../config/gantry-config';
import {
  gantryTrailers,
  isGantryBranchName,
  PublishError,
  type OpenedPullRequest,
  type PublishedBranch,
  type Publisher,
  type PublishRequest,
  type PullRequestDraft,
} from '../../missions/ports/publisher.port';
import { DEFAULT_BRANCH, LocalRepository } from './local-repository';
import { LocalPullRequests } from './local-pull-requests';

/** `owner.project` (per-owner, as publishing names them now) or `project` (as missions recorded before per-owner names have it). */
const REPOSITORY_NAME = /^(?:[a-z0-9][a-z0-9_-]{0,63}\.)?[a-z0-9][a-z0-9-]{0,80}$/;
const REPOSITORY_PATH = /^repos\/(?:[a-z0-9][a-z0-9_-]{0,63}\.)?[a-z0-9][a-z0-9-]{0,80}\.git$/;

/**
 * A git repository per project under `<dataDir>/repos/<owner>.<project>.git`, with an initial `main` that is never
 * touched again; each mission's files go on a new branch, and its pull request is a numbered record beside it.
 */
export class LocalPublisher implements Publisher {
  readonly provider = 'local' as const;

  constructor(private readonly config: Pick<GantryConfig, 'dataDir' | 'publicUrl'>) {}

  private repositoryPath(name: string): string {
    if (!REPOSITORY_NAME.test(name)) throw new PublishError(`"${name}" is not a usable repository name`);
    return join('repos', `${name}.git`);
  }

  repository(relativePath: string): LocalRepository {
    if (!REPOSITORY_PATH.test(relativePath)) throw new PublishError(`"${relativePath}" is not a Gantry repository`);
    return new LocalRepository(join(this.config.dataDir, relativePath));
  }

  private pulls(relativePath: string): LocalPullRequests {
    return new LocalPullRequests(join(this.config.dataDir, relativePath.replace(/\.git$/, '.pulls')));
  }

  async ensureBranch(request: PublishRequest): Promise<PublishedBranch> {
    if (!isGantryBranchName(request.branch)) throw new PublishError(`refusing to publish to "${request.branch}": only new gantry/ branches are written`);
    const relativePath = this.repositoryPath(request.repository);
    const repository = this.repository(relativePath);
    await repository.ensure();
    const baseBranch = request.parent?.branch ?? DEFAULT_BRANCH;
    const found = await this.existing(repository, request);
    if (found) return { repository: relativePath, branch: request.branch, baseBranch, commitSha: found, reused: true };
    const base = await repository.head(baseBranch);
    if (base === null) throw new PublishError(`repository ${relativePath} has no ${baseBranch} branch to start from`);
    if (request.parent && base !== request.parent.commitSha) throw new PublishError(`branch ${baseBranch} no longer holds the previous version's commit`);
    const commit = await repository.commit(await repository.tree(request.files), [base], request.commitMessage);
    if (!(await repository.createBranch(request.branch, commit))) {
      const raced = await this.existing(repository, request);
      if (!raced) throw new PublishError(`branch ${request.branch} appeared with other content`);
      return { repository: relativePath, branch: request.branch, baseBranch, commitSha: raced, reused: true };
    }
    return { repository: relativePath, branch: request.branch, baseBranch, commitSha: commit, reused: false };
  }

  /** The branch's commit when it already holds this mission's files; an error when it holds anything else. */
  private async existing(repository: LocalRepository, request: PublishRequest): Promise<string | null> {
    const head = await repository.head(request.branch);
    if (!head) return null;
    if (!(await repository.message(head)).includes(gantryTrailers(request.missionId, request.digest))) {
      throw new PublishError(`branch ${request.branch} already exists with other files; it is left as it is`);
    }
    return head;
  }

  async ensurePullRequest(branch: PublishedBranch, draft: PullRequestDraft, missionId: string): Promise<OpenedPullRequest> {
    const pulls = this.pulls(branch.repository);
    const url = `${this.config.publicUrl}/gantry/missions/${missionId}/pr`;
    const existing = await pulls.findByHead(branch.branch);
    if (existing) return { number: existing.number, url, reused: true };
    const opened = await pulls.open({
      title: draft.title,
      head: branch.branch,
      base: branch.baseBranch,
      commitSha: branch.commitSha,
      missionId,
      body: draft.body,
    });
    return { number: opened.number, url, reused: false };
  }

  diff(branch: Pick<PublishedBranch, 'repository' | 'branch' | 'baseBranch'>): Promise<string> {
    return this.repository(branch.repository).diff(branch.baseBranch, branch.branch);
  }
}
