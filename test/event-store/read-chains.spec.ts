import { auditChainPages } from '../../src/event-store/postgres/chain-audit';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { contentHashAt } from '../../src/kernel/black-box/chain-digest';
import { sha256Hex } from '../../src/kernel/black-box/hash-chain';
import { newEvent, uniqueStream } from '../support/events';
import { required } from '../support/expectations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** readChains and auditChains (what `gantry audit verify --all` loads through) against readChain + streamHead per stream. */
describe('PostgreSQL event store: readChains and auditChains', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  // More streams than one page (500), some longer than one event, one never written.
  const streams = Array.from({ length: 503 }, () => uniqueStream('mission'));
  const missing = uniqueStream('mission');
  const asked = [...streams, missing];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    for (const [index, stream] of streams.entries()) {
      await store.append(
        stream,
        Array.from({ length: 1 + (index % 3) }, (_, n) => newEvent('StepCompleted', { n })),
        'no_stream',
      );
    }
  }, 180_000);
  afterAll(async () => db.drop());

  it('reads many streams in pages, each exactly as readChain and streamHead read it one by one', async () => {
    const chains = await store.readChains(asked);
    expect([...chains.keys()]).toEqual(asked);
    for (const stream of asked) {
      expect(chains.get(stream)).toEqual({ records: await store.readChain(stream), head: await store.streamHead(stream) });
    }
    expect(chains.get(missing)).toEqual({ records: [], head: null });
    expect(chains.get(streams[2])?.records).toHaveLength(3);
  });

  it('names every stream it holds, without reading the feed', async () => {
    const names = await store.streamNames();
    expect(names).toEqual(expect.arrayContaining(streams));
    expect(names).not.toContain(missing);
  });

  it('verifies on worker threads, each reading its own pages, exactly as on this thread, and finds tampering there', async () => {
    // Both in the second page: a non-canonical variant of a head event (its hash and the head recomputed), and a deleted event.
    const [cut, pretty] = [streams[500], streams[502]]; // three events and two
    const { rows } = await db.database.pool.query<{ canonical: string }>('SELECT canonical FROM events WHERE stream = $1 AND revision = 1', [pretty]);
    const variant = JSON.stringify(JSON.parse(rows[0].canonical), null, 1);
    await db.database.pool.query('UPDATE events SET canonical = $2, hash = $3 WHERE stream = $1 AND revision = 1', [pretty, variant, sha256Hex(variant)]);
    await db.database.pool.query('UPDATE event_streams SET head_hash = $2 WHERE stream = $1', [pretty, sha256Hex(variant)]);
    await db.database.pool.query('DELETE FROM events WHERE stream = $1 AND revision = 0', [cut]);

    const here = await store.auditChains(asked, 1);
    const workers = await store.auditChains(asked, 2);
    expect([...workers.keys()]).toEqual(asked);
    expect(workers).toEqual(here);
    const invalid = [...workers.values()].filter((digest) => !digest.result.valid).map((digest) => digest.result);
    expect(invalid).toEqual([
      expect.objectContaining({ stream: cut, firstInvalidRevision: 0, reason: 'event 0 is missing' }),
      expect.objectContaining({ stream: pretty, firstInvalidRevision: 1, reason: 'stored bytes are not in canonical form' }),
    ]);
    // Content hashes are the hashes of the bytes as stored now, found by revision.
    const [first] = await store.readChain(streams[2]);
    const digest = (stream: string) => required(workers.get(stream), stream);
    expect(contentHashAt(digest(streams[2]), 0)).toBe(sha256Hex(first.canonical));
    expect(contentHashAt(digest(pretty), 1)).toBe(sha256Hex(variant));
    expect(contentHashAt(digest(cut), 0)).toBeUndefined();
    expect(workers.get(missing)).toMatchObject({ result: { valid: true, events: 0 }, revisions: [] });
  }, 180_000); // two workers load TypeScript from source first

  it('reads a tampered row exactly as stored: a raw newline in its bytes, a hash that is not 64 lowercase hex digits', async () => {
    // Rows no canonical writer produces: whatever a page read does, it must hand the verifier exactly what is stored.
    const [newline, shortHash, upperHash] = [streams[10], streams[11], streams[14]]; // two, three and three events
    const original = await store.readChain(newline);
    const [torn] = original[1].canonical.split(',');
    await db.database.pool.query('UPDATE events SET canonical = $2 WHERE stream = $1 AND revision = 1', [newline, `${torn},\n"x":1}`]);
    await db.database.pool.query('UPDATE events SET hash = $2 WHERE stream = $1 AND revision = 0', [shortHash, 'abc']);
    await db.database.pool.query('UPDATE events SET hash = upper(hash) WHERE stream = $1 AND revision = 1', [upperHash]);

    const chains = await store.readChains(asked);
    for (const stream of [newline, shortHash, upperHash, streams[12]]) {
      expect(chains.get(stream)).toEqual({ records: await store.readChain(stream), head: await store.streamHead(stream) });
    }
    expect(required(chains.get(newline), newline).records[1].canonical).toContain('\n');
    expect(required(chains.get(shortHash), shortHash).records[0].hash).toBe('abc'.padEnd(64));

    const invalid = [...(await store.auditChains(asked, 2)).values()].filter((digest) => !digest.result.valid).map((digest) => digest.result.stream);
    expect(invalid).toEqual(expect.arrayContaining([newline, shortHash, upperHash]));
    expect(invalid).not.toContain(streams[12]);
  }, 180_000);

  it('shares the pages between this thread and its workers: every page verified once, as on one thread', async () => {
    const listed = [...asked, ...asked, ...asked]; // four pages: the worker's first two, then whoever asks next
    const here = await store.auditChains(listed, 1);
    expect(await store.auditChains(listed, 2)).toEqual(here);
    expect(await store.auditChains(listed, 3)).toEqual(here);
    expect([...here.keys()]).toEqual(asked);
  }, 180_000);

  it("fails with a worker's own error", async () => {
    const listed = [...asked, ...asked, ...asked];
    await expect(auditChainPages(db.database.pool, 'postgresql://nobody@127.0.0.1:1/none', listed, 2)).rejects.toThrow(/chain audit worker: .*ECONNREFUSED/);
  }, 180_000);
});
