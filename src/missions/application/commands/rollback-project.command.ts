import type { Viewer } from '../../domain/viewer';

/** Make an earlier version of a project live again. */
export class RollbackProjectCommand {
  constructor(
    readonly viewer: Viewer,
    readonly projectId: string,
    readonly version: number,
  ) {}
}

export interface RollbackOutcome {
  projectId: string;
  missionId: string;
  version: number;
  url: string;
  revision: number;
}
