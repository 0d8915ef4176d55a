import { MissionNotFoundError } from '../../domain/mission.errors';
import { maySee, type Viewer } from '../../domain/viewer';
import type { MissionDirectory } from '../../ports/mission-directory.port';

/** A mission the viewer may not see answers as one that does not exist. */
export async function assertVisibleMission(directory: MissionDirectory, missionId: string, viewer: Viewer): Promise<void> {
  const owner = await directory.ownerOf(missionId);
  if (owner === null || !maySee(viewer, owner)) throw new MissionNotFoundError(missionId);
}
