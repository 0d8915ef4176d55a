import { PublishError } from '../../missions/ports/publisher.port';
import type { CheckpointPublisher, SignedCheckpoint } from '../../missions/ports/transparency-log.port';
import { GitHubApi, type GitHubOptions } from './github-api';
import { publishErrorFrom, statusOf } from './github-errors';
import type { Octokit } from './octokit-loader';

/** The repository (under GITHUB_OWNER) whose `gantry-log` branch holds the checkpoints; the branch has the local one's name. */
export const LOG_REPOSITORY = 'gantry-log';
export const GITHUB_LOG_BRANCH = 'gantry-log';

/**
 * Commits every signed checkpoint to the `gantry-log` branch of `<owner>/gantry-log` on GitHub (created
 * private if missing): one commit per checkpoint whose tree holds the note as `checkpoint`, each on top of
 * the last, the branch moved only as a fast-forward (never a force), so the branch's history is the log's
 * history and GitHub refuses any rewrite of it.
 */
export class GitHubCheckpointPublisher implements CheckpointPublisher {
  private readonly api: GitHubApi;

  constructor(options: GitHubOptions) {
    this.api = new GitHubApi(options);
  }

  get where(): string {
    return `GitHub ${this.api.options.owner}/${LOG_REPOSITORY} (${GITHUB_LOG_BRANCH})`;
  }

  async publishCheckpoint(checkpoint: SignedCheckpoint): Promise<void> {
    const github = await this.api.client();
    const repo = { owner: this.api.options.owner, repo: LOG_REPOSITORY };
    await this.api.ensureRepository(github, LOG_REPOSITORY, "Gantry's transparency log: every signed checkpoint, one commit each.");
    const head = await this.api.find(`reading ${GITHUB_LOG_BRANCH}`, () => github.rest.git.getRef({ ...repo, ref: `heads/${GITHUB_LOG_BRANCH}` }));
    const parent = head?.data.object.sha ?? null;
    const commit = await this.commit(github, checkpoint, parent);
    await this.moveBranch(github, checkpoint, commit, parent);
  }

  private async commit(github: Octokit, checkpoint: SignedCheckpoint, parent: string | null): Promise<string> {
    const repo = { owner: this.api.options.owner, repo: LOG_REPOSITORY };
    const blob = await this.api.call('uploading the checkpoint', () =>
      github.rest.git.createBlob({ ...repo, content: Buffer.from(checkpoint.note, 'utf8').toString('base64'), encoding: 'base64' }),
    );
    const tree = await this.api.call('writing the checkpoint tree', () =>
      github.rest.git.createTree({ ...repo, tree: [{ path: 'checkpoint', mode: '100644', type: 'blob', sha: blob.data.sha }] }),
    );
    const message = `Checkpoint of ${checkpoint.size} leaves\n\n${checkpoint.note}`;
    const created = await this.api.call('writing the checkpoint commit', () =>
      github.rest.git.createCommit({ ...repo, message, tree: tree.data.sha, parents: parent ? [parent] : [] }),
    );
    return created.data.sha;
  }

  /** A fast-forward from the head read (or the branch created): a branch that moved meanwhile is a failure, never overwritten. */
  private async moveBranch(github: Octokit, checkpoint: SignedCheckpoint, commit: string, parent: string | null): Promise<void> {
    const repo = { owner: this.api.options.owner, repo: LOG_REPOSITORY };
    try {
      if (parent) await this.api.retried(() => github.rest.git.updateRef({ ...repo, ref: `heads/${GITHUB_LOG_BRANCH}`, sha: commit, force: false }));
      else await this.api.retried(() => github.rest.git.createRef({ ...repo, ref: `refs/heads/${GITHUB_LOG_BRANCH}`, sha: commit }));
    } catch (error) {
      if (statusOf(error) === 422) throw new PublishError(`${GITHUB_LOG_BRANCH} moved while checkpoint ${checkpoint.size} was being committed`);
      throw publishErrorFrom(error, `moving ${GITHUB_LOG_BRANCH} to checkpoint ${checkpoint.size}`);
    }
  }
}
