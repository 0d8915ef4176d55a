import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { MissionSummaryEntity } from '../mission-summary.entity';

/** The viewer's own newest visible mission, or null; "latest" means mine, for the admin too. */
export class GetLatestMissionQuery extends Query<MissionSummaryEntity | null> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}
