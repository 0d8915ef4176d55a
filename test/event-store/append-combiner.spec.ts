import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { WrongExpectedRevisionError } from '../../src/missions/ports/event-store.errors';
import type { AppendResult, NewEvent } from '../../src/missions/ports/event-store.port';
import { newEvent, uniqueStream } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const CONCURRENT = 12;

/**
 * One-event appends that arrive while others are in flight are group-committed: several streams' appends
 * in one statement. Each must still meet exactly the outcome it would meet alone.
 */
describe('PostgreSQL event store: combined appends', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  /** Streams with one event each, so their heads are cached and the next appends are all issued in one tick. */
  async function warmStreams(count: number): Promise<string[]> {
    const streams = Array.from({ length: count }, () => uniqueStream('combined'));
    for (const stream of streams) await store.append(stream, [newEvent('Opened')], 'no_stream');
    return streams;
  }

  async function transactionsOf(streams: string[], revision: number): Promise<string[]> {
    const { rows } = await db.database.pool.query<{ xid: string }>('SELECT transaction_id::text AS xid FROM events WHERE stream = ANY($1) AND revision = $2', [
      streams,
      revision,
    ]);
    return rows.map((row) => row.xid);
  }

  it('commits appends to many streams together, each with its own result, chain and place in the feed', async () => {
    const streams = await warmStreams(CONCURRENT);
    const results = await Promise.all(streams.map((stream, n) => store.append(stream, [newEvent('Moved', { n })], 0)));

    const transactions = await transactionsOf(streams, 1);
    expect(transactions).toHaveLength(CONCURRENT);
    expect(new Set(transactions).size).toBeLessThan(CONCURRENT);
    for (const [index, stream] of streams.entries()) {
      const [stored] = await store.readStream(stream, { fromRevision: 1 });
      expect(stored.data).toEqual({ n: index });
      expect(results[index]).toEqual({ nextRevision: 1, headHash: stored.hash, position: stored.position });
      const head = await store.streamHead(stream);
      expect(verifyChain(stream, await store.readChain(stream), head)).toMatchObject({ valid: true, events: 2 });
    }
    const feed = await store.readAll({ maxCount: 1_000 });
    const moved = feed.events.filter((event) => event.type === 'Moved').map((event) => event.position);
    expect(moved.sort()).toEqual(results.map((result) => result.position).sort());
  });

  it('answers a retried append inside a batch with its stored result; the others in the batch are stored', async () => {
    const streams = await warmStreams(CONCURRENT);
    const last = streams[CONCURRENT - 1];
    const [opened] = await store.readStream(last);
    const retry: NewEvent = { type: opened.type, data: opened.data, metadata: opened.metadata };
    const results = await Promise.all(streams.map((stream, n) => store.append(stream, [stream === last ? retry : newEvent('Moved', { n })], 'any')));

    expect(results[CONCURRENT - 1]).toEqual({ nextRevision: 0, headHash: opened.hash, position: opened.position });
    expect(results.slice(0, -1).map((result) => result.nextRevision)).toEqual(Array(CONCURRENT - 1).fill(1));
    expect(await transactionsOf(streams, 1)).toHaveLength(CONCURRENT - 1);
    expect((await store.streamHead(last))?.count).toBe(1);
  });

  it('lets exactly one of two appends expecting the same revision win, and answers a retry with the first result', async () => {
    const streams = await warmStreams(CONCURRENT);
    const retried = newEvent('Moved');
    const appends: Promise<AppendResult>[] = streams.map((stream) => store.append(stream, [newEvent('Moved')], 0));
    const rival = store.append(streams[0], [newEvent('Rival')], 0);
    const retry = store.append(streams[1], [retried], 'any');
    const again = store.append(streams[1], [retried], 'any');
    const outcomes = await Promise.allSettled([...appends, rival]);

    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await retry).toEqual(await again);
    const [stored] = (await store.readStream(streams[1])).filter((event) => event.metadata.eventId === retried.metadata.eventId);
    expect((await retry).position).toBe(stored.position);
    expect((await store.streamHead(streams[1]))?.count).toBe(3);
  });
});
