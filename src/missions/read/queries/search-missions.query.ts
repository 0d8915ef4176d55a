import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { MissionSummaryEntity } from '../mission-summary.entity';

/** The viewer's visible missions (the admin: everyone's) whose prompt holds words of `text`; none for blank text. */
export class SearchMissionsQuery extends Query<MissionSummaryEntity[]> {
  constructor(
    readonly viewer: Viewer,
    readonly text: string,
    readonly limit: number,
  ) {
    super();
  }
}
