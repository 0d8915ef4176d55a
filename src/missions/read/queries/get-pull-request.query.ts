import { Query } from '@nestjs/cqrs';
import type { MissionEventMap } from '../../domain/mission-events';
import { MissionError } from '../../domain/mission.errors';
import type { Viewer } from '../../domain/viewer';

export interface MissionPullRequest {
  pullRequest: MissionEventMap['PullRequestOpened'];
  branch: MissionEventMap['BranchCreated'];
  /** The description Gantry wrote, checked against the hash the Black Box recorded. */
  description: string;
  /** The diff as the publisher shows it now, or why it could not (secrets redacted). */
  diff: { text: string } | { error: string };
}

export class PullRequestNotFoundError extends MissionError {
  readonly code = 'PULL_REQUEST_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(missionId: string) {
    super(`Mission ${missionId} has no pull request`, 'This mission has no pull request yet.');
  }
}

/** The mission's pull request: description and diff; not found for another user's mission or one without a pull request. */
export class GetPullRequestQuery extends Query<MissionPullRequest> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
