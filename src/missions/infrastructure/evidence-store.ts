import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isUuid } from '../../kernel/uuid';
import { sha256 } from '../../kernel/sha256';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { DATABASE, type Database } from '../../database/database';
import { BLOB_STORE, type BlobStore } from '../ports/blob-store.port';
import { PostgresEvidenceIndex, type EvidenceIndex } from './evidence-index';

export { sha256 } from '../../kernel/sha256';

const SEGMENT = /^[A-Za-z0-9_@+=,-][A-Za-z0-9_.@+=,-]*$/;

export class UnsafeEvidencePathError extends Error {
  readonly code = 'UNSAFE_EVIDENCE_PATH';
}

/** An evidence file the index names whose blob is gone from the store. */
export class EvidenceMissingError extends Error {
  readonly code = 'ENOENT';
}

/** A relative POSIX path of plain segments: no `..`, no absolute paths, no hidden tricks. */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 240 || path.startsWith('/')) return false;
  return path.split('/').every((segment) => SEGMENT.test(segment) && segment !== '..' && segment !== '.');
}

/**
 * The evidence pack of each mission: its files live in the blob store (which every process reaches),
 * named per mission and path by the evidence index in PostgreSQL. Each write also leaves a copy at
 * `<missionsDir>/<missionId>/<path>` for people and tools that read files; no process reads that copy,
 * except for files written before the blob store existed, which are still read from there.
 * Every path is built from checked parts, and a resolved path must stay inside the mission's folder.
 */
export class EvidenceStore {
  constructor(
    private readonly config: Pick<GantryConfig, 'missionsDir'>,
    private readonly blobs: BlobStore,
    private readonly index: EvidenceIndex,
  ) {}

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

  /** Stores the bytes, names them in the index, then copies them to disk; returns the path relative to the missions folder. */
  async write(missionId: string, relativePath: string, bytes: Buffer | string): Promise<string> {
    const target = this.pathOf(missionId, relativePath);
    const content = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
    const key = await this.blobs.put(content);
    await this.index.record(missionId, relativePath, key, content.length);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, content, { mode: 0o644 });
    await rename(temporary, target);
    return relative(this.config.missionsDir, target);
  }

  async read(missionId: string, relativePath: string): Promise<Buffer> {
    const target = this.pathOf(missionId, relativePath);
    const key = await this.index.lookup(missionId, relativePath);
    if (key === null) return readFile(target);
    const bytes = await this.blobs.get(key);
    if (bytes === null) throw new EvidenceMissingError(`${relativePath} of mission ${missionId} is named in the evidence index but gone from the blob store`);
    return bytes;
  }

  /** Reads a file and refuses it unless it still has the hash the event recorded. */
  async readVerified(missionId: string, relativePath: string, expectedSha256: string): Promise<Buffer> {
    const bytes = await this.read(missionId, relativePath);
    if (sha256(bytes) !== expectedSha256) throw new UnsafeEvidencePathError(`${relativePath} no longer matches the hash recorded in the Black Box`);
    return bytes;
  }

  /** Every mission that has an evidence pack (in the store, or only on disk from before it), with its `bundle.json` when it has one. */
  async packs(): Promise<Map<string, string | null>> {
    const onDisk = (await readdir(this.config.missionsDir).catch(() => [])).filter((name) => isUuid(name) && name === name.toLowerCase());
    const missions = [...new Set([...(await this.index.missions()), ...onDisk])].sort();
    const bundles = await Promise.all(
      missions.map((id) =>
        this.read(id, 'bundle.json').then(
          (bytes) => bytes.toString('utf8'),
          () => null,
        ),
      ),
    );
    return new Map(missions.map((id, i) => [id, bundles[i]]));
  }
}

/** The evidence store of a Nest module: the chosen blob store and the index in PostgreSQL. */
export const EVIDENCE_STORE_PROVIDER = {
  provide: EvidenceStore,
  inject: [GANTRY_CONFIG, BLOB_STORE, DATABASE],
  useFactory: (config: GantryConfig, blobs: BlobStore, database: Database) => new EvidenceStore(config, blobs, new PostgresEvidenceIndex(database.pool)),
};
