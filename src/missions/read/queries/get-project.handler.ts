import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProjectNotFoundError } from '../../domain/project-version';
import { maySee } from '../../domain/viewer';
import { MissionReadModel } from '../mission-read-model';
import type { ProjectView } from '../projects/project-read-model';
import { GetProjectQuery } from './get-project.query';

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery, ProjectView> {
  constructor(@Inject(MissionReadModel) private readonly readModel: MissionReadModel) {}

  async execute({ projectId, viewer }: GetProjectQuery): Promise<ProjectView> {
    const project = await this.readModel.projects.project(projectId);
    if (!project || !maySee(viewer, project.owner)) throw new ProjectNotFoundError(projectId);
    return project;
  }
}
