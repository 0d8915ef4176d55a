import { Injectable } from '@nestjs/common';
import type { FileDigest } from '../../domain/mission-events';
import type { Manifest } from '../../domain/manifest';
import type { Mission } from '../../domain/mission.state';
import { versionOf } from '../../domain/project-version';
import { BlueprintEvidence } from '../pipeline/blueprint-evidence';
import { diffTrees, type FileChange } from './unified-diff';

export interface VersionFile extends FileDigest {
  change: FileChange;
}

/** What a version changed: against the version it was made on (a first version: against nothing). */
export interface VersionDiff {
  missionId: string;
  version: number;
  /** The mission and version it is compared with; null for a project's first version. */
  base: { missionId: string; version: number } | null;
  attempt: number;
  diff: string;
  /** The version's files (and the removed ones), by path, with what happened to each. */
  files: VersionFile[];
}

/** Diffs of versions, from the files in the evidence store, each read back by the hash its event recorded. */
@Injectable()
export class VersionDiffs {
  constructor(private readonly blueprints: BlueprintEvidence) {}

  /** The base version's files, read back by their Black Box hashes. */
  baseFiles(mission: Mission): Promise<Manifest | null> {
    const base = mission.project?.base;
    return base ? this.blueprints.load(base.missionId, base) : Promise.resolve(null);
  }

  /** Null while the mission has no drafted files. */
  async of(mission: Mission): Promise<VersionDiff | null> {
    const blueprint = mission.pipeline.blueprint;
    if (!blueprint) return null;
    const after = await this.blueprints.load(mission.id, blueprint);
    const before = await this.baseFiles(mission);
    const { text, files } = diffTrees(before?.files ?? [], after.files);
    const digests = new Map([...(mission.project?.base.files ?? []), ...blueprint.files].map((file) => [file.path, file]));
    const link = mission.project;
    return {
      missionId: mission.id,
      version: versionOf(mission),
      base: link ? { missionId: link.parentMissionId, version: link.parentVersion } : null,
      attempt: blueprint.attempt,
      diff: text,
      files: files.map(({ path, change }) => {
        const digest = digests.get(path) ?? { path, bytes: 0, sha256: '' };
        return { ...digest, change };
      }),
    };
  }
}
