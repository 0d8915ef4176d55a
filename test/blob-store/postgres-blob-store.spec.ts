import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_BYTES, PostgresBlobStore } from '../../src/blob-store/postgres/postgres-blob-store';
import { sha256 } from '../../src/kernel/sha256';
import { BlobCorruptedError, BlobTooLargeError, MAX_BLOB_BYTES } from '../../src/missions/ports/blob-store.port';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { postgresEvidenceStore } from '../support/evidence-stores';

describe('The PostgreSQL blob store', () => {
  let db: TestDatabase;
  let store: PostgresBlobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresBlobStore(db.database.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores bytes under their SHA-256 and gives them back', async () => {
    const bytes = Buffer.from('<h1>Hello</h1>\n');
    const key = await store.put(bytes);
    expect(key).toBe(sha256(bytes));
    expect(await store.get(key)).toEqual(bytes);
    expect(await store.has(key)).toBe(true);
  });

  it('keeps one copy of the same bytes however often, and however concurrently, they are put', async () => {
    const bytes = randomBytes(5000);
    const keys = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(keys)).toEqual(new Set([sha256(bytes)]));
    const { rows } = await db.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM blob_chunks WHERE sha256 = $1', [keys[0]]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('stores an empty blob', async () => {
    const key = await store.put(Buffer.alloc(0));
    expect(await store.get(key)).toEqual(Buffer.alloc(0));
  });

  it('splits a large blob into 1 MiB chunks and joins them back, concurrent puts included', async () => {
    const bytes = randomBytes(CHUNK_BYTES * 3 + 17);
    const [key] = await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    const { rows } = await db.database.pool.query<{ chunks: number }>('SELECT chunks FROM blobs WHERE sha256 = $1', [key]);
    expect(rows[0].chunks).toBe(4);
    expect((await store.get(key))?.equals(bytes)).toBe(true);
  });

  it('answers null for a key it does not hold, and for anything that is not a SHA-256', async () => {
    expect(await store.get(sha256('never stored'))).toBeNull();
    expect(await store.has(sha256('never stored'))).toBe(false);
    for (const odd of ['', 'abc', '../etc/passwd', 'A'.repeat(64), `${'0'.repeat(63)}g`]) {
      expect(await store.get(odd)).toBeNull();
      expect(await store.has(odd)).toBe(false);
    }
  });

  it('refuses a blob whose stored bytes were changed, a chunk that went missing, or a size that lies', async () => {
    const pool = db.database.pool;
    const changed = await store.put(Buffer.from('the original text'));
    await pool.query(`UPDATE blob_chunks SET bytes = convert_to('the original texT', 'UTF8') WHERE sha256 = $1`, [changed]);
    await expect(store.get(changed)).rejects.toBeInstanceOf(BlobCorruptedError);

    const large = await store.put(randomBytes(CHUNK_BYTES + 10));
    await pool.query('DELETE FROM blob_chunks WHERE sha256 = $1 AND seq = 1', [large]);
    await expect(store.get(large)).rejects.toBeInstanceOf(BlobCorruptedError);

    const sized = await store.put(Buffer.from('twelve bytes'));
    await pool.query('UPDATE blobs SET size = 11 WHERE sha256 = $1', [sized]);
    await expect(store.get(sized)).rejects.toMatchObject({ code: 'BLOB_CORRUPTED', kind: 'conflict' });
  });

  it('refuses a blob over the size limit before touching the database', async () => {
    const tooBig = { length: MAX_BLOB_BYTES + 1 } as Buffer;
    await expect(store.put(tooBig)).rejects.toBeInstanceOf(BlobTooLargeError);
  });
});

describe('The evidence store on the blob store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads in one process what another process wrote, with nothing shared on disk', async () => {
    const [writerDir, readerDir] = [mkdtempSync(join(tmpdir(), 'gantry-ev-w-')), mkdtempSync(join(tmpdir(), 'gantry-ev-r-'))];
    const writer = postgresEvidenceStore(db, writerDir);
    const reader = postgresEvidenceStore(db, readerDir);
    const missionId = randomUUID();
    expect(await writer.write(missionId, 'attempts/1/build.log', 'ok 1 - adds\n')).toBe(`${missionId}/attempts/1/build.log`);
    expect(existsSync(join(writerDir, missionId, 'attempts/1/build.log'))).toBe(true);
    expect((await reader.read(missionId, 'attempts/1/build.log')).toString()).toBe('ok 1 - adds\n');
    expect(existsSync(join(readerDir, missionId))).toBe(false);
    await writer.write(missionId, 'bundle.json', '{"v":1}\n');
    await writer.write(missionId, 'bundle.json', '{"v":2}\n');
    expect((await reader.readVerified(missionId, 'bundle.json', sha256('{"v":2}\n'))).toString()).toBe('{"v":2}\n');
    await expect(reader.readVerified(missionId, 'bundle.json', sha256('{"v":1}\n'))).rejects.toMatchObject({ code: 'UNSAFE_EVIDENCE_PATH' });
    expect((await reader.packs()).get(missionId)).toBe('{"v":2}\n');
    rmSync(writerDir, { recursive: true, force: true });
    rmSync(readerDir, { recursive: true, force: true });
  });

  it('still reads a pack written on disk before the blob store, and lists it', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-ev-legacy-'));
    const missionId = randomUUID();
    mkdirSync(join(missionsDir, missionId), { recursive: true });
    writeFileSync(join(missionsDir, missionId, 'bundle.json'), '{"legacy":true}\n');
    const evidence = postgresEvidenceStore(db, missionsDir);
    expect((await evidence.read(missionId, 'bundle.json')).toString()).toBe('{"legacy":true}\n');
    expect((await evidence.packs()).get(missionId)).toBe('{"legacy":true}\n');
    await expect(evidence.read(missionId, 'absent.json')).rejects.toMatchObject({ code: 'ENOENT' });
    rmSync(missionsDir, { recursive: true, force: true });
  });

  it('refuses unsafe paths and mission ids before storing anything', async () => {
    const evidence = postgresEvidenceStore(db, mkdtempSync(join(tmpdir(), 'gantry-ev-unsafe-')));
    const missionId = randomUUID();
    for (const path of ['../escape', '/abs', 'a/../../b', '.hidden', '']) {
      await expect(evidence.write(missionId, path, 'x')).rejects.toMatchObject({ code: 'UNSAFE_EVIDENCE_PATH' });
    }
    await expect(evidence.write('not-a-mission', 'a.txt', 'x')).rejects.toMatchObject({ code: 'UNSAFE_EVIDENCE_PATH' });
    const { rows } = await db.database.pool.query('SELECT 1 FROM evidence_files WHERE mission_id = $1', [missionId]);
    expect(rows).toHaveLength(0);
  });

  it('says so when the index names a blob that is gone from the store', async () => {
    const evidence = postgresEvidenceStore(db, mkdtempSync(join(tmpdir(), 'gantry-ev-gone-')));
    const missionId = randomUUID();
    await evidence.write(missionId, 'pull-request.md', 'a description');
    await db.database.pool.query('DELETE FROM blobs WHERE sha256 = $1', [sha256('a description')]);
    await expect(evidence.read(missionId, 'pull-request.md')).rejects.toThrow(/gone from the blob store/);
  });
});
