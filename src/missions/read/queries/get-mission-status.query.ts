import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { MissionSummaryEntity } from '../mission-summary.entity';

/** One mission's summary row; not found for another user's mission (the admin sees all). */
export class GetMissionStatusQuery extends Query<MissionSummaryEntity> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
