import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ownerScope } from '../../domain/viewer';
import { MissionReadModel } from '../mission-read-model';
import type { ProjectView } from '../projects/project-read-model';
import { ListProjectsQuery } from './list-projects.query';

@QueryHandler(ListProjectsQuery)
export class ListProjectsHandler implements IQueryHandler<ListProjectsQuery, ProjectView[]> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  execute({ viewer }: ListProjectsQuery): Promise<ProjectView[]> {
    return this.readModel.projects.list(ownerScope(viewer));
  }
}
