import { Client } from 'pg';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { START, type GlobalPosition } from '../../src/missions/ports/event-store.port';
import { newEvent, uniqueStream } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The classic lost-event race of sequence-ordered feeds: a transaction takes a lower sequence number,
 * another with a higher one commits first, a reader moves its cursor past both, and the first commits late.
 */
describe('PostgreSQL global feed: a late-committing transaction is never skipped', () => {
  let db: TestDatabase;
  let slow: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    slow = new Client({ connectionString: db.url });
    await slow.connect();
  });
  afterAll(async () => {
    await slow.end();
    await db.drop();
  });

  it('delivers the lower-position event after it commits, in order, to a reader that polled in between', async () => {
    const reader = new PostgresEventStore(db.database.pool);
    const fast = new PostgresEventStore(db.database.pool);
    const late = new PostgresEventStore(slow);
    const [lateStream, fastStream] = [uniqueStream('late'), uniqueStream('fast')];

    await slow.query('BEGIN');
    await late.append(lateStream, [newEvent('TookLowerPosition')], 'no_stream');
    await fast.append(fastStream, [newEvent('CommittedFirst')], 'no_stream');

    const positions = await db.database.pool.query<{ stream: string; global_position: string }>(
      'SELECT stream, global_position FROM events WHERE stream = ANY($1) ORDER BY global_position',
      [[lateStream, fastStream]],
    );
    expect(positions.rows.map((row) => row.stream)).toEqual([fastStream]); // the late one is still invisible

    const seen: string[] = [];
    let cursor: GlobalPosition = START;
    const poll = async () => {
      const page = await reader.readAll({ after: cursor });
      page.events.forEach((event) => seen.push(event.stream));
      cursor = page.last;
    };
    await poll();
    await poll();
    await slow.query('COMMIT');
    await poll();

    expect(seen).toEqual([lateStream, fastStream]);
    const both = await db.database.pool.query<{ stream: string; global_position: string }>(
      'SELECT stream, global_position FROM events ORDER BY global_position',
    );
    expect(both.rows.map((row) => row.stream)).toEqual([lateStream, fastStream]);
  });
});

describe('PostgreSQL global feed order', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  it('orders by transaction id as a number, not as text, across pages (9 before 10)', async () => {
    const store = new PostgresEventStore(db.database.pool);
    const [a, b] = [uniqueStream('xid10'), uniqueStream('xid9')];
    await store.append(a, [newEvent('InXid10')], 'no_stream');
    await store.append(b, [newEvent('InXid9')], 'no_stream');
    await db.database.pool.query(`UPDATE events SET transaction_id = '10'::xid8 WHERE stream = $1`, [a]);
    await db.database.pool.query(`UPDATE events SET transaction_id = '9'::xid8 WHERE stream = $1`, [b]);
    const first = await store.readAll({ maxCount: 1 });
    const second = await store.readAll({ after: first.last, maxCount: 1 });
    const third = await store.readAll({ after: second.last, maxCount: 1 });
    expect([...first.events, ...second.events].map((event) => event.stream)).toEqual([b, a]);
    expect(third.events).toEqual([]);
  });
});
