import { Query } from '@nestjs/cqrs';

/** A change just recorded: the mission and the revision its stream reached. */
export interface MissionWrite {
  missionId: string;
  revision: number;
}

/**
 * Read-your-writes: true once the read models show every change given, false when they are still
 * behind after a few seconds (the changes are recorded all the same; the caller answers anyway).
 */
export class AwaitReadModelsQuery extends Query<boolean> {
  readonly writes: readonly MissionWrite[];

  constructor(...writes: MissionWrite[]) {
    super();
    this.writes = writes;
  }
}
