import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '../../kernel/uuid';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';

const SEGMENT = /^[A-Za-z0-9_@+=,-][A-Za-z0-9_.@+=,-]*$/;

export class UnsafeEvidencePathError extends Error {
  readonly code = 'UNSAFE_EVIDENCE_PATH';
}

/** A relative POSIX path of plain segments: no `..`, no absolute paths, no hidden tricks. */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 240 || path.startsWith('/')) return false;
  return path.split('/').every((segment) => SEGMENT.test(segment) && segment !== '..' && segment !== '.');
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The evidence pack of each mission: `<missionsDir>/<missionId>/`. Every path is built here from checked
 * parts, and a resolved path must stay inside the mission's folder.
 */
@Injectable()
export class EvidenceStore {
  constructor(@Inject(GANTRY_CONFIG) private readonly config: GantryConfig) {}

  folderOf(missionId: string): string {
    if (!isUuid(missionId) || missionId !== missionId.toLowerCase()) throw new UnsafeEvidencePathError(`"${missionId}" is not a mission id`);
    return join(this.config.missionsDir, missionId);
  }

  private pathOf(missionId: string, relativePath: string): string {
    if (!isSafeRelativePath(relativePath)) throw new UnsafeEvidencePathError(`"${relativePath}" is not a safe evidence path`);
    const folder = this.folderOf(missionId);
    const target = resolve(folder, relativePath);
    if (!target.startsWith(folder + sep)) throw new UnsafeEvidencePathError(`"${relativePath}" leaves the evidence folder`);
    return target;
  }

  /** Writes atomically (temp file, then rename) and returns the path relative to the missions folder. */
  async write(missionId: string, relativePath: string, bytes: Buffer | string): Promise<string> {
    const target = this.pathOf(missionId, relativePath);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, bytes, { mode: 0o644 });
    await rename(temporary, target);
    return relative(this.config.missionsDir, target);
  }

  async read(missionId: string, relativePath: string): Promise<Buffer> {
    return readFile(this.pathOf(missionId, relativePath));
  }

  /** Reads a file and refuses it unless it still has the hash the event recorded. */
  async readVerified(missionId: string, relativePath: string, expectedSha256: string): Promise<Buffer> {
    const bytes = await this.read(missionId, relativePath);
    if (sha256(bytes) !== expectedSha256) throw new UnsafeEvidencePathError(`${relativePath} no longer matches the hash recorded in the Black Box`);
    return bytes;
  }
}
