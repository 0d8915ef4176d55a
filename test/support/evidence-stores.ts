import { PostgresBlobStore } from '../../src/blob-store/postgres/postgres-blob-store';
import { sha256 } from '../../src/kernel/sha256';
import type { BlobStore } from '../../src/missions/ports/blob-store.port';
import { PostgresEvidenceIndex, type EvidenceIndex } from '../../src/missions/infrastructure/evidence-index';
import { EvidenceStore } from '../../src/missions/infrastructure/evidence-store';
import type { TestDatabase } from './test-database';

/** The evidence store a Gantry process on this test database uses: blobs and index in PostgreSQL. */
export function postgresEvidenceStore(db: TestDatabase, missionsDir: string): EvidenceStore {
  return new EvidenceStore({ missionsDir }, new PostgresBlobStore(db.database.pool), new PostgresEvidenceIndex(db.database.pool));
}

class MemoryBlobs implements BlobStore {
  readonly kind = 'postgres' as const;
  private readonly blobs = new Map<string, Buffer>();
  put(bytes: Buffer): Promise<string> {
    const key = sha256(bytes);
    this.blobs.set(key, Buffer.from(bytes));
    return Promise.resolve(key);
  }
  get(key: string): Promise<Buffer | null> {
    return Promise.resolve(this.blobs.get(key) ?? null);
  }
  has(key: string): Promise<boolean> {
    return Promise.resolve(this.blobs.has(key));
  }
}

class MemoryIndex implements EvidenceIndex {
  private readonly paths = new Map<string, string>();
  record(missionId: string, path: string, key: string): Promise<void> {
    this.paths.set(`${missionId}/${path}`, key);
    return Promise.resolve();
  }
  lookup(missionId: string, path: string): Promise<string | null> {
    return Promise.resolve(this.paths.get(`${missionId}/${path}`) ?? null);
  }
  missions(): Promise<string[]> {
    return Promise.resolve([...new Set([...this.paths.keys()].map((key) => key.slice(0, 36)))]);
  }
}

/**
 * An evidence store of its own, in memory, for suites with no database: its files still land in
 * `missionsDir`, where an app on that folder reads them as evidence written before the blob store.
 */
export function memoryEvidenceStore(missionsDir: string): EvidenceStore {
  return new EvidenceStore({ missionsDir }, new MemoryBlobs(), new MemoryIndex());
}
