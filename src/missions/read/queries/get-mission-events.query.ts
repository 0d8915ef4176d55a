import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { RecordedEvent, StreamHead } from '../../ports/event-store.port';

export interface MissionEvents {
  stream: string;
  head: StreamHead | null;
  events: RecordedEvent[];
}

/** A mission's raw event stream with its hash chain, for auditors; not found for another user's mission. */
export class GetMissionEventsQuery extends Query<MissionEvents> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
