import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { MissionPage } from '../mission-read-model';

/** A page of the viewer's visible missions (the admin: everyone's), newest first. */
export class ListMissionsQuery extends Query<MissionPage> {
  constructor(
    readonly viewer: Viewer,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
