import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ownerScope } from '../../domain/viewer';
import { MissionReadModel } from '../mission-read-model';
import type { MissionSummaryEntity } from '../mission-summary.entity';
import { SearchMissionsQuery } from './search-missions.query';

@QueryHandler(SearchMissionsQuery)
export class SearchMissionsHandler implements IQueryHandler<SearchMissionsQuery, MissionSummaryEntity[]> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  async execute({ viewer, text, limit }: SearchMissionsQuery): Promise<MissionSummaryEntity[]> {
    if (!text.trim()) return [];
    return this.readModel.search(text, { limit, owner: ownerScope(viewer) });
  }
}
