import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionNotFoundError, MissionRuleError } from '../../domain/mission.errors';
import { maySee } from '../../domain/viewer';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { VersionDiffs, type VersionDiff } from '../projects/version-diffs';
import { GetMissionDiffQuery } from './get-mission-diff.query';

/** Reads the mission's stream and its evidence: the files are checked against their recorded hashes. */
@QueryHandler(GetMissionDiffQuery)
export class GetMissionDiffHandler implements IQueryHandler<GetMissionDiffQuery, VersionDiff> {
  constructor(
    private readonly missions: MissionRepository,
    private readonly diffs: VersionDiffs,
  ) {}

  async execute({ missionId, viewer }: GetMissionDiffQuery): Promise<VersionDiff> {
    const mission = await this.missions.load(missionId);
    if (!mission.exists || !maySee(viewer, mission.owner)) throw new MissionNotFoundError(missionId);
    const diff = await this.diffs.of(mission);
    if (!diff)
      throw new MissionRuleError(`Mission ${missionId} has no files yet`, 'This mission has not drafted any files yet, so there is nothing to compare.');
    return diff;
  }
}
