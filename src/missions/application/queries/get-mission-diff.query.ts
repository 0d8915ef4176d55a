import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';
import type { VersionDiff } from '../projects/version-diffs';

/** The unified diff of a mission's files against the version it changed. */
export class GetMissionDiffQuery extends Query<VersionDiff> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}
