/** "Clear projects": archive the caller's missions. Events stay; the read models hide them. */
export class ClearMissionsCommand {
  constructor(readonly caller: string) {}
}

export interface ClearOutcome {
  cleared: number;
  /** The revision each archived mission reached, so a caller can wait for the read models to show it. */
  archived: Array<{ missionId: string; revision: number }>;
  /** Missions still building: archived once they finish, not under a running build. */
  kept: number;
}
