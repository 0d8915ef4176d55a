import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { MissionTimelineEntity } from '../mission-timeline.entity';

/** A mission's events as sentences, oldest first, those after `afterRevision` only; not found for another user's mission. */
export class GetMissionTimelineQuery extends Query<MissionTimelineEntity[]> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
    readonly afterRevision = -1,
  ) {
    super();
  }
}
