import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { GENESIS_HASH, sealEvents } from '../../src/kernel/black-box/hash-chain';
import { Database } from '../../src/database/database';
import { EVENT_STORE_SCHEMA } from '../../src/event-store/postgres/event-store.schema';
import { CreateEventStore1763700000000 } from '../../src/event-store/postgres/migrations/1763700000000-create-event-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { newEvent, uniqueStream } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A database written by the first append function, then migrated: old chains still verify, and appends continue them. */
describe('PostgreSQL event store: streamlining appends on an existing database', () => {
  let old: TestDatabase;
  let migrated: Database;
  const stream = uniqueStream('mission');

  beforeAll(async () => {
    old = await createTestDatabase([{ migrations: [CreateEventStore1763700000000] }]);
    const sealed = sealEvents(stream, -1, GENESIS_HASH, [newEvent('MissionOpened', { n: 0 }), newEvent('BuildConfirmed', { n: 1 })]);
    await old.database.pool.query('SELECT * FROM gantry_append_events($1, $2, $3, $4, $5, $6, $7, $8)', [
      stream,
      -1,
      GENESIS_HASH,
      sealed.map((event) => event.metadata.eventId),
      sealed.map((event) => event.type),
      sealed.map((event) => event.canonical),
      sealed.map((event) => event.hash),
      sealed.map((event) => event.prevHash),
    ]);
    migrated = await Database.open({ databaseUrl: old.url, dataDir: '/nonexistent', timeoutMs: 10_000, schema: [EVENT_STORE_SCHEMA] });
  });
  afterAll(async () => {
    await migrated.close();
    await old.drop();
  });

  it('keeps the rows written before, verifiable, and continues their chain', async () => {
    const store = new PostgresEventStore(migrated.pool);
    expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream))).toMatchObject({ valid: true, events: 2 });
    const retried = newEvent('MissionSucceeded', { n: 2 });
    const appended = await store.append(stream, [retried], 1);
    expect(await store.append(stream, [retried], 1)).toEqual(appended);
    expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream))).toMatchObject({ valid: true, events: 3 });
    expect((await store.readAll({ maxCount: 10 })).events.map((event) => `${event.stream}@${event.revision}`)).toEqual([0, 1, 2].map((n) => `${stream}@${n}`));
  });

  it('leaves one append function, without the primary key on the global position', async () => {
    const { rows: functions } = await migrated.pool.query<{ args: string }>(
      "SELECT pg_get_function_identity_arguments(oid) AS args FROM pg_proc WHERE proname = 'gantry_append_events'",
    );
    expect(functions).toHaveLength(1);
    const { rows: indexes } = await migrated.pool.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'events' ORDER BY 1");
    expect(indexes.map((row) => row.indexname)).toEqual(['events_global_feed', 'events_stream_event_id', 'events_stream_revision']);
  });
});
