import type { EntityManager } from 'typeorm';
import type { Mission } from '../domain/mission.state';
import { MISSION_EVENT_TYPES } from './mission-catalogue';
import { MissionTimelineEntity } from './mission-timeline.entity';
import type { ProjectedEvent, Projection } from './projection';
import { timelineSentence } from './timeline-sentences';

export const MISSION_TIMELINE = 'mission_timeline';

export function timelineRow(event: ProjectedEvent, after: Mission): MissionTimelineEntity {
  return Object.assign(new MissionTimelineEntity(), {
    missionId: event.missionId,
    revision: event.revision,
    type: event.event.type,
    occurredAt: new Date(event.metadata.occurredAt),
    statusAfter: after.status,
    summary: timelineSentence(event.event, event.before.state),
    hash: event.hash,
  });
}

/** One row per known mission event; a row once written never changes (events never do). */
export class MissionTimelineProjection implements Projection {
  readonly name = MISSION_TIMELINE;
  readonly handles = new Set(MISSION_EVENT_TYPES);
  readonly tables = [MISSION_TIMELINE];

  async apply(event: ProjectedEvent, tx: EntityManager): Promise<void> {
    const { state } = event.after;
    if (!state.exists) return;
    await tx.createQueryBuilder().insert().into(MissionTimelineEntity).values(timelineRow(event, state)).orIgnore().execute();
  }
}
