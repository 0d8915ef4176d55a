import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ownerScope } from '../../domain/viewer';
import { MissionReadModel, type MissionPage } from '../mission-read-model';
import { ListMissionsQuery } from './list-missions.query';

@QueryHandler(ListMissionsQuery)
export class ListMissionsHandler implements IQueryHandler<ListMissionsQuery, MissionPage> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  execute({ viewer, limit, offset }: ListMissionsQuery): Promise<MissionPage> {
    return this.readModel.list({ limit, offset, owner: ownerScope(viewer) });
  }
}
