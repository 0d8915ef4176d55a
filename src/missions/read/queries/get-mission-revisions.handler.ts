import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionReadModel } from '../mission-read-model';
import { GetMissionRevisionsQuery } from './get-mission-revisions.query';

@QueryHandler(GetMissionRevisionsQuery)
export class GetMissionRevisionsHandler implements IQueryHandler<GetMissionRevisionsQuery, Map<string, number>> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  execute({ missionIds }: GetMissionRevisionsQuery): Promise<Map<string, number>> {
    return this.readModel.revisions(missionIds);
  }
}
