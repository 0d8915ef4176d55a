import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { ProjectView } from '../projects/project-read-model';

/** The viewer's projects (the admin: everyone's), newest first. */
export class ListProjectsQuery extends Query<ProjectView[]> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}
