import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { newEvent, uniqueStream } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** readChains (what `gantry audit verify --all` loads through) against readChain + streamHead per stream. */
describe('PostgreSQL event store: readChains', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  it('reads many streams in pages, each exactly as readChain and streamHead read it one by one', async () => {
    // More streams than one page (500), some longer than one event, one never written.
    const streams = Array.from({ length: 503 }, () => uniqueStream('mission'));
    for (const [index, stream] of streams.entries()) {
      await store.append(
        stream,
        Array.from({ length: 1 + (index % 3) }, (_, n) => newEvent('StepCompleted', { n })),
        'no_stream',
      );
    }
    const missing = uniqueStream('mission');
    const asked = [...streams, missing];
    const chains = await store.readChains(asked);
    expect([...chains.keys()]).toEqual(asked);
    for (const stream of asked) {
      expect(chains.get(stream)).toEqual({ records: await store.readChain(stream), head: await store.streamHead(stream) });
    }
    expect(chains.get(missing)).toEqual({ records: [], head: null });
    expect(chains.get(streams[2])?.records).toHaveLength(3);
  });
});
