import { MissionNotFoundError } from '../../domain/mission.errors';
import { maySee, type Viewer } from '../../domain/viewer';
import type { MissionReadModel } from '../mission-read-model';
import type { MissionSummaryEntity } from '../mission-summary.entity';

/** The mission's summary, if the viewer may see it: another user's mission is not found, like an unknown one. */
export async function visibleSummary(readModel: MissionReadModel, missionId: string, viewer: Viewer): Promise<MissionSummaryEntity> {
  const row = await readModel.summary(missionId);
  if (!row || !maySee(viewer, row.owner)) throw new MissionNotFoundError(missionId);
  return row;
}
