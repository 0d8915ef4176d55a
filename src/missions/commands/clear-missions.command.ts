/** "Clear projects": archive the caller's missions. Events stay; the read models hide them. */
export class ClearMissionsCommand {
  constructor(readonly caller: string) {}
}

export interface ClearOutcome {
  cleared: number;
  /** Missions still building: archived once they finish, not under a running build. */
  kept: number;
}
