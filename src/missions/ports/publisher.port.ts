export const PUBLISHER = Symbol('PUBLISHER');

export interface PublishedFile {
  path: string;
  content: Buffer;
}

/** The passing attempt's files and what to say about them. */
export interface PublishRequest {
  missionId: string;
  /** The repository's name: one per project. */
  repository: string;
  /** Always a new `gantry/...` branch: never the default branch. */
  branch: string;
  digest: string;
  commitMessage: string;
  files: PublishedFile[];
  /**
   * A new version of a project: its commit's parent is the previous version's commit, and its pull request
   * is opened against that version's branch, so it shows what the version changed. `removed`: paths the
   * previous version had and this one does not. Absent: a first version, off the default branch.
   */
  parent?: { branch: string; commitSha: string; removed: string[] } | null;
}

export interface PublishedBranch {
  /** Where the repository lives: `owner/name` on GitHub, a path under the data folder locally. */
  repository: string;
  branch: string;
  baseBranch: string;
  commitSha: string;
  reused: boolean;
}

export interface PullRequestDraft {
  title: string;
  body: string;
}

export interface OpenedPullRequest {
  number: number;
  url: string;
  reused: boolean;
}

/** The publisher refused or failed: the reason is safe to record (no secret in it). */
export class PublishError extends Error {
  readonly code = 'PUBLISH_FAILED';
}

/** Commit trailers that say which mission and which files a branch holds: how a resumed step recognises its own branch. */
export function gantryTrailers(missionId: string, digest: string): string {
  return `Gantry-Mission: ${missionId}\nGantry-Manifest-Digest: ${digest}`;
}

export function isGantryBranchName(branch: string): boolean {
  return /^gantry\/[a-z0-9][a-z0-9-]*$/.test(branch);
}

export interface Publisher {
  readonly provider: string;
  /** Finds the branch holding these files (by its trailers), or commits them on a new branch off the default one. */
  ensureBranch(request: PublishRequest): Promise<PublishedBranch>;
  /** Finds the pull request for the branch, or opens it against the default branch. */
  ensurePullRequest(branch: PublishedBranch, draft: PullRequestDraft, missionId: string): Promise<OpenedPullRequest>;
  /** The pull request's changes as a unified diff. */
  diff(branch: Pick<PublishedBranch, 'repository' | 'branch' | 'baseBranch'>, number: number): Promise<string>;
}
