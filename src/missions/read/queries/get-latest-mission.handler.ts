import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionReadModel } from '../mission-read-model';
import type { MissionSummaryEntity } from '../mission-summary.entity';
import { GetLatestMissionQuery } from './get-latest-mission.query';

@QueryHandler(GetLatestMissionQuery)
export class GetLatestMissionHandler implements IQueryHandler<GetLatestMissionQuery, MissionSummaryEntity | null> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  execute({ viewer }: GetLatestMissionQuery): Promise<MissionSummaryEntity | null> {
    return this.readModel.latest(viewer.name);
  }
}
