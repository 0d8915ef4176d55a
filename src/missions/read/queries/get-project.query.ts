import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { ProjectView } from '../projects/project-read-model';

/** A project with its versions; another user's project is not found. */
export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly projectId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
