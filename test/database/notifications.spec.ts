import { DatabaseNotifications, notify } from '../../src/database/notifications';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Resolves with the next `count` payloads on a channel. */
function next(notifications: DatabaseNotifications, channel: string, count = 1): Promise<string[]> {
  return new Promise((resolve) => {
    const seen: string[] = [];
    const unsubscribe = notifications.subscribe(channel, (payload) => {
      seen.push(payload);
      if (seen.length === count) {
        unsubscribe();
        resolve(seen);
      }
    });
  });
}

describe('DatabaseNotifications (LISTEN/NOTIFY on a real PostgreSQL)', () => {
  let db: TestDatabase;
  let notifications: DatabaseNotifications;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  beforeEach(() => {
    notifications = new DatabaseNotifications(db.url, { connectTimeoutMs: 5000, minRetryMs: 50, maxRetryMs: 200 });
  });

  afterEach(async () => {
    await notifications.close();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('opens no connection until something subscribes (first: no earlier test has a listener)', async () => {
    const count = async (): Promise<number> =>
      Number(
        (await db.database.pool.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"))
          .rows[0]?.n,
      );
    expect(await count()).toBe(0);
    notifications.subscribe('test_lazy', () => undefined);
    await notifications.whenListening();
    expect(await count()).toBe(1);
  });

  it('hands every notification of a channel to each of its subscribers, and none of another channel', async () => {
    const first = next(notifications, 'test_alpha', 2);
    const second = next(notifications, 'test_alpha', 2);
    const other: string[] = [];
    notifications.subscribe('test_beta', (payload) => other.push(payload));
    await notifications.whenListening();
    await notify(db.database.pool, 'test_alpha', 'one');
    await notify(db.database.pool, 'test_alpha', 'two');
    await expect(first).resolves.toEqual(['one', 'two']);
    await expect(second).resolves.toEqual(['one', 'two']);
    expect(other).toEqual([]);
  });

  it('delivers a notification sent in a transaction at commit, and never one rolled back', async () => {
    const seen: string[] = [];
    notifications.subscribe('test_tx', (payload) => seen.push(payload));
    await notifications.whenListening();
    const client = await db.database.pool.connect();
    try {
      await client.query('BEGIN');
      await notify(client, 'test_tx', 'rolled back');
      await client.query('ROLLBACK');
      const committed = next(notifications, 'test_tx');
      await client.query('BEGIN');
      await notify(client, 'test_tx', 'committed');
      await client.query('COMMIT');
      await committed;
    } finally {
      client.release();
    }
    expect(seen).toEqual(['committed']);
  });

  it('listens again after its connection is killed, and calls the resync callbacks before the next notification', async () => {
    const order: string[] = [];
    notifications.onResync(() => order.push('resync'));
    notifications.subscribe('test_lost', (payload) => order.push(payload));
    await notifications.whenListening();
    expect(order).toEqual(['resync']); // the first connection resyncs too: anything cached before it was not watched
    const { rows } = await db.database.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "test_lost"'`,
    );
    expect(rows).toHaveLength(1);
    await db.database.pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    await waitUntil(() => order.length === 2);
    await notifications.whenListening();
    await notify(db.database.pool, 'test_lost', 'after');
    await waitUntil(() => order.length === 3);
    expect(order).toEqual(['resync', 'resync', 'after']);
  });

  it('catches up: once caughtUp() resolves, every notification committed before the call has been handed over', async () => {
    const seen: string[] = [];
    notifications.subscribe('test_barrier', (payload) => seen.push(payload));
    await notifications.whenListening();
    for (let round = 0; round < 20; round += 1) {
      await notify(db.database.pool, 'test_barrier', String(round));
      const together = [notifications.caughtUp(), notifications.caughtUp(), notifications.caughtUp()];
      await together[0];
      expect(seen).toHaveLength(round + 1); // no waiting: the round trip came back after the notification
      await Promise.all(together);
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, round) => String(round)));
  });

  it('refuses to vouch for anything when nothing listens', async () => {
    await expect(notifications.caughtUp()).rejects.toThrow('Nothing listens');
  });

  it('stops handing notifications to a subscriber that unsubscribed', async () => {
    const seen: string[] = [];
    const unsubscribe = notifications.subscribe('test_gone', (payload) => seen.push(payload));
    const stays = next(notifications, 'test_gone', 2);
    await notifications.whenListening();
    await notify(db.database.pool, 'test_gone', 'one');
    await waitUntil(() => seen.length === 1);
    unsubscribe();
    await notify(db.database.pool, 'test_gone', 'two');
    await stays;
    expect(seen).toEqual(['one']);
  });

  it('keeps going when a subscriber throws', async () => {
    notifications.subscribe('test_throw', () => {
      throw new Error('a broken subscriber');
    });
    const delivered = next(notifications, 'test_throw');
    await notifications.whenListening();
    await notify(db.database.pool, 'test_throw', 'still delivered');
    await expect(delivered).resolves.toEqual(['still delivered']);
  });

  it('refuses a channel name that is not a plain identifier and a payload PostgreSQL would refuse', async () => {
    expect(() => notifications.subscribe('bad"; DROP TABLE users; --', () => undefined)).toThrow(TypeError);
    await expect(notify(db.database.pool, 'Bad-Name', 'x')).rejects.toThrow(TypeError);
    await expect(notify(db.database.pool, 'test_big', 'x'.repeat(8000))).rejects.toThrow(RangeError);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
