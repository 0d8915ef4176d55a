import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MissionSummaryEntity } from '../mission-summary.entity';
import { MissionStatusCache } from '../mission-status-cache';
import { GetMissionStatusQuery } from './get-mission-status.query';
import { visibleSummary } from './visible-summary';

@QueryHandler(GetMissionStatusQuery)
export class GetMissionStatusHandler implements IQueryHandler<GetMissionStatusQuery, MissionSummaryEntity> {
  constructor(@Inject(MissionStatusCache) private readonly statuses: MissionStatusCache) {}

  execute({ missionId, viewer }: GetMissionStatusQuery): Promise<MissionSummaryEntity> {
    return visibleSummary(this.statuses, missionId, viewer);
  }
}
