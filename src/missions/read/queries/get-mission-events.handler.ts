import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { missionStream } from '../../domain/mission-events';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { MissionReadModel } from '../mission-read-model';
import { GetMissionEventsQuery, type MissionEvents } from './get-mission-events.query';
import { visibleSummary } from './visible-summary';

@QueryHandler(GetMissionEventsQuery)
export class GetMissionEventsHandler implements IQueryHandler<GetMissionEventsQuery, MissionEvents> {
  constructor(
    @Inject(MissionReadModel) private readonly readModel: MissionReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ missionId, viewer }: GetMissionEventsQuery): Promise<MissionEvents> {
    await visibleSummary(this.readModel, missionId, viewer);
    const stream = missionStream(missionId);
    const [events, head] = await Promise.all([this.store.readStream(stream), this.store.streamHead(stream)]);
    if (events.length === 0) throw new MissionNotFoundError(missionId);
    return { stream, head, events };
  }
}
