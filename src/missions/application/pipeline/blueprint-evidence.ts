import { Injectable } from '@nestjs/common';
import type { Manifest } from '../../domain/manifest';
import { EvidenceStore, isSafeRelativePath, sha256 } from '../../infrastructure/evidence-store';
import type { MissionEvent, TokenUsage } from '../../domain/mission-events';

export interface DraftOrigin {
  provider: string;
  model: string;
  usage: TokenUsage;
  /** Model calls made for the draft, retries included (0 offline). */
  calls: number;
}

/** Where an attempt's evidence lives inside the mission's pack. */
export const attemptFolder = (attempt: number) => `attempts/${attempt}`;
export const attemptFile = (attempt: number, path: string) => `${attemptFolder(attempt)}/files/${path}`;

/**
 * Records a drafted manifest: its files go into the evidence pack, the event carries their hashes.
 * Used by every architect adapter, so the build only ever sees files the Black Box covers.
 */
@Injectable()
export class BlueprintEvidence {
  constructor(private readonly evidence: EvidenceStore) {}

  /** Null when a path cannot be stored safely: the caller records that as a failed draft. */
  unsafePath(manifest: Manifest): string | null {
    return manifest.files.find((file) => !isSafeRelativePath(file.path))?.path ?? null;
  }

  async record(missionId: string, attempt: number, manifest: Manifest, origin: DraftOrigin): Promise<MissionEvent> {
    const files = [];
    for (const file of manifest.files) {
      await this.evidence.write(missionId, attemptFile(attempt, file.path), file.content);
      files.push({ path: file.path, bytes: Buffer.byteLength(file.content), sha256: sha256(file.content) });
    }
    const { projectName, stack, auditCommand, runCommand } = manifest;
    await this.evidence.write(
      missionId,
      `${attemptFolder(attempt)}/manifest.json`,
      JSON.stringify({ projectName, stack, auditCommand, runCommand, files }, null, 2),
    );
    return { type: 'BlueprintDrafted', data: { attempt, ...origin, manifest: { projectName, stack, auditCommand, runCommand }, files } };
  }

  /** The attempt's manifest, rebuilt from the evidence pack and checked file by file against the event's hashes. */
  async load(
    missionId: string,
    drafted: Pick<Extract<MissionEvent, { type: 'BlueprintDrafted' }>['data'], 'attempt' | 'files' | 'manifest'>,
  ): Promise<Manifest> {
    const files = [];
    for (const file of drafted.files) {
      const bytes = await this.evidence.readVerified(missionId, attemptFile(drafted.attempt, file.path), file.sha256);
      files.push({ path: file.path, content: bytes.toString('utf8') });
    }
    return { ...drafted.manifest, files };
  }
}
