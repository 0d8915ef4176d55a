import { MissionNotFoundError } from '../../domain/mission.errors';
import { maySee, type Viewer } from '../../domain/viewer';
import type { MissionSummaryEntity } from '../mission-summary.entity';

/** Where a mission's summary row is read: the read model, or the status cache in front of it. */
export interface SummarySource {
  summary(missionId: string): Promise<MissionSummaryEntity | null>;
}

/** The mission's summary, if the viewer may see it: another user's mission is not found, like an unknown one. */
export async function visibleSummary(source: SummarySource, missionId: string, viewer: Viewer): Promise<MissionSummaryEntity> {
  const row = await source.summary(missionId);
  if (!row || !maySee(viewer, row.owner)) throw new MissionNotFoundError(missionId);
  return row;
}
