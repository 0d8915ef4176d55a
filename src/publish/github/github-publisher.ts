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
import { GitHubApi, type GitHubOptions } from './github-api';
import { publishErrorFrom, statusOf } from './github-errors';
import type { Octokit } from './octokit-loader';

export type { GitHubOptions } from './github-api';

/**
 * Publishes through the GitHub REST API with Octokit: the repository (private) if missing, the files as
 * one commit on a new branch through the git data API, and a pull request against the default branch.
 * It only ever creates refs under `gantry/`: never an update of an existing ref, never a force.
 */
export class GitHubPublisher implements Publisher {
  readonly provider = 'github' as const;

  private readonly api: GitHubApi;

  constructor(options: GitHubOptions) {
    this.api = new GitHubApi(options);
  }

  private get options(): GitHubOptions {
    return this.api.options;
  }

  private client(): Promise<Octokit> {
    return this.api.client();
  }

  private call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    return this.api.call(doing, request);
  }

  private find<T>(doing: string, request: () => Promise<T>): Promise<T | null> {
    return this.api.find(doing, request);
  }

  async ensureBranch(request: PublishRequest): Promise<PublishedBranch> {
    if (!isGantryBranchName(request.branch)) throw new PublishError(`refusing to publish to "${request.branch}": only new gantry/ branches are written`);
    const github = await this.client();
    const repo = { owner: this.options.owner, repo: request.repository };
    const defaultBranch = await this.ensureRepository(github, request.repository);
    // A new version stacks on the previous version's branch, so its pull request shows only what it changed.
    const baseBranch = request.parent?.branch ?? defaultBranch;
    if (defaultBranch === request.branch || baseBranch === request.branch) throw new PublishError(`refusing to publish to the default branch ${baseBranch}`);
    const identity = { repository: `${repo.owner}/${repo.repo}`, branch: request.branch, baseBranch };
    const found = await this.existingBranch(github, request);
    if (found) return { ...identity, commitSha: found, reused: true };
    const commitSha = await this.commitFiles(github, request, baseBranch);
    try {
      await this.api.retried(() => github.rest.git.createRef({ ...repo, ref: `refs/heads/${request.branch}`, sha: commitSha }));
      return { ...identity, commitSha, reused: false };
    } catch (error) {
      if (statusOf(error) !== 422) throw publishErrorFrom(error, `creating branch ${request.branch}`);
      const raced = await this.existingBranch(github, request);
      if (!raced) throw publishErrorFrom(error, `creating branch ${request.branch}`);
      return { ...identity, commitSha: raced, reused: true };
    }
  }

  private ensureRepository(github: Octokit, name: string): Promise<string> {
    return this.api.ensureRepository(github, name, 'Built by Gantry: each mission arrives as a pull request for review.');
  }

  /** The branch's commit when it holds this mission's files (by its trailers); an error when it holds anything else. */
  private async existingBranch(github: Octokit, request: PublishRequest): Promise<string | null> {
    const repo = { owner: this.options.owner, repo: request.repository };
    const ref = await this.find(`reading branch ${request.branch}`, () => github.rest.git.getRef({ ...repo, ref: `heads/${request.branch}` }));
    if (!ref) return null;
    const commit = await this.call('reading the branch commit', () => github.rest.git.getCommit({ ...repo, commit_sha: ref.data.object.sha }));
    if (!commit.data.message.includes(gantryTrailers(request.missionId, request.digest))) {
      throw new PublishError(`branch ${request.branch} already exists in ${repo.owner}/${repo.repo} with other files; it is left as it is`);
    }
    return ref.data.object.sha;
  }

  /** Blobs, a tree on top of the default branch's, and one commit whose parent is its head. */
  private async commitFiles(github: Octokit, request: PublishRequest, baseBranch: string): Promise<string> {
    const repo = { owner: this.options.owner, repo: request.repository };
    const base = await this.call(`reading ${baseBranch}`, () => github.rest.git.getRef({ ...repo, ref: `heads/${baseBranch}` }));
    const baseCommit = await this.call(`reading ${baseBranch}'s commit`, () => github.rest.git.getCommit({ ...repo, commit_sha: base.data.object.sha }));
    if (request.parent && base.data.object.sha !== request.parent.commitSha) {
      throw new PublishError(`branch ${baseBranch} no longer holds the previous version's commit`);
    }
    // A null sha removes the path from the base tree: what the previous version had and this one does not.
    const tree: Array<{ path: string; mode: '100644'; type: 'blob'; sha: string | null }> = (request.parent?.removed ?? []).map((path) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      sha: null,
    }));
    for (const file of request.files) {
      const blob = await this.call(`uploading ${file.path}`, () =>
        github.rest.git.createBlob({ ...repo, content: file.content.toString('base64'), encoding: 'base64' }),
      );
      tree.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
    }
    const created = await this.call('writing the tree', () => github.rest.git.createTree({ ...repo, base_tree: baseCommit.data.tree.sha, tree }));
    const commit = await this.call('writing the commit', () =>
      github.rest.git.createCommit({ ...repo, message: request.commitMessage, tree: created.data.sha, parents: [base.data.object.sha] }),
    );
    return commit.data.sha;
  }

  async ensurePullRequest(branch: PublishedBranch, draft: PullRequestDraft): Promise<OpenedPullRequest> {
    const github = await this.client();
    const [owner, repo] = branch.repository.split('/');
    const existing = await this.findPull(github, owner, repo, branch.branch);
    if (existing) return { ...existing, reused: true };
    try {
      const { data } = await this.api.retried(() =>
        github.rest.pulls.create({ owner, repo, title: draft.title, body: draft.body, head: branch.branch, base: branch.baseBranch }),
      );
      return { number: data.number, url: data.html_url, reused: false };
    } catch (error) {
      if (statusOf(error) !== 422) throw publishErrorFrom(error, `opening the pull request for ${branch.branch}`);
      const raced = await this.findPull(github, owner, repo, branch.branch);
      if (!raced) throw publishErrorFrom(error, `opening the pull request for ${branch.branch}`);
      return { ...raced, reused: true };
    }
  }

  private async findPull(github: Octokit, owner: string, repo: string, head: string): Promise<{ number: number; url: string } | null> {
    const { data } = await this.call('listing pull requests', () => github.rest.pulls.list({ owner, repo, head: `${owner}:${head}`, state: 'all' }));
    const pull = data.find((candidate) => candidate.head.ref === head);
    return pull ? { number: pull.number, url: pull.html_url } : null;
  }

  async diff(branch: Pick<PublishedBranch, 'repository'>, number: number): Promise<string> {
    const github = await this.client();
    const [owner, repo] = branch.repository.split('/');
    const { data } = await this.call('reading the pull request diff', () =>
      github.rest.pulls.get({ owner, repo, pull_number: number, mediaType: { format: 'diff' } }),
    );
    return data as unknown as string;
  }
}
