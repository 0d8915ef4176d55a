import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionReadModel } from '../mission-read-model';
import type { MissionTimelineEntity } from '../mission-timeline.entity';
import { GetMissionTimelineQuery } from './get-mission-timeline.query';
import { visibleSummary } from './visible-summary';

@QueryHandler(GetMissionTimelineQuery)
export class GetMissionTimelineHandler implements IQueryHandler<GetMissionTimelineQuery, MissionTimelineEntity[]> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  async execute({ missionId, viewer, afterRevision }: GetMissionTimelineQuery): Promise<MissionTimelineEntity[]> {
    await visibleSummary(this.readModel, missionId, viewer);
    const entries = await this.readModel.timeline(missionId);
    return entries.filter((entry) => entry.revision > afterRevision);
  }
}
