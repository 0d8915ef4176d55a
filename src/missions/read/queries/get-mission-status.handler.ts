import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionReadModel } from '../mission-read-model';
import type { MissionSummaryEntity } from '../mission-summary.entity';
import { GetMissionStatusQuery } from './get-mission-status.query';
import { visibleSummary } from './visible-summary';

@QueryHandler(GetMissionStatusQuery)
export class GetMissionStatusHandler implements IQueryHandler<GetMissionStatusQuery, MissionSummaryEntity> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  execute({ missionId, viewer }: GetMissionStatusQuery): Promise<MissionSummaryEntity> {
    return visibleSummary(this.readModel, missionId, viewer);
  }
}
