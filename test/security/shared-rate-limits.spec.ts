import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresThrottlerStorage } from '../../src/auth/door/postgres-throttler-storage';
import { LOCAL_MIN_LIMIT } from '../../src/auth/door/shared-counter';
import { startGantry, waitForOnline } from '../support/gantry-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('The door throttler counts in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A storage whose every statement to PostgreSQL is listed, with a flush timer too slow to fire. */
  function countingStorage(): { storage: PostgresThrottlerStorage; statements: string[] } {
    const statements: string[] = [];
    const counting = {
      query: (text: string, values?: unknown[]) => {
        statements.push(text);
        return db.database.pool.query(text, values);
      },
    } as Pick<Pool, 'query'>;
    return { storage: new PostgresThrottlerStorage(counting, { flushEveryMs: 60_000 }), statements };
  }

  async function sharedHits(key: string, throttler: string): Promise<number> {
    const { rows } = await db.database.pool.query<{ hits: number }>('SELECT hits FROM rate_limit_counters WHERE key = $1 AND throttler = $2', [key, throttler]);
    return rows[0]?.hits ?? 0;
  }

  it('counts every hit exactly once when two storages on two pools hit one key at the same time', async () => {
    const other = new Pool({ connectionString: db.url, max: 5 });
    const [a, b] = [new PostgresThrottlerStorage(db.database.pool), new PostgresThrottlerStorage(other)];
    try {
      const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('user:ada', 60_000, 1000, 60_000, 'default')));
      expect(hits.every((hit) => !hit.isBlocked && hit.totalHits >= 1 && hit.totalHits <= 40 && hit.timeToExpire > 0 && hit.timeToExpire <= 60)).toBe(true);
      await Promise.all([a.flush(), b.flush()]);
      expect(await sharedHits('user:ada', 'default')).toBe(40);
    } finally {
      a.stop();
      b.stop();
      await other.end();
    }
  });

  it('sends the hits of every key in one statement per flush, and waits for PostgreSQL only on the first hit of a key', async () => {
    const { storage, statements } = countingStorage();
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `address:10.1.0.${i}`);
      for (const key of keys) await storage.increment(key, 60_000, LOCAL_MIN_LIMIT, 60_000, 'public');
      expect(statements).toHaveLength(20);
      for (let round = 0; round < 5; round += 1) for (const key of keys) await storage.increment(key, 60_000, LOCAL_MIN_LIMIT, 60_000, 'public');
      expect(statements).toHaveLength(20);
      await storage.flush();
      expect(statements).toHaveLength(21);
      for (const key of keys) expect(await sharedHits(key, 'public')).toBe(6);
    } finally {
      storage.stop();
    }
  });

  it('counts a small limit exactly across two storages: no hit is decided without PostgreSQL', async () => {
    const [a, b] = [
      new PostgresThrottlerStorage(db.database.pool, { flushEveryMs: 60_000 }),
      new PostgresThrottlerStorage(db.database.pool, { flushEveryMs: 60_000 }),
    ];
    const hit = (storage: PostgresThrottlerStorage) => storage.increment('user:shared', 60_000, 10, 30_000, 'default');
    try {
      const answers = [];
      for (let i = 0; i < 10; i += 1) answers.push(await hit(i % 2 ? a : b));
      expect(answers.map((r) => [r.totalHits, r.isBlocked])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, false]));
      const refused = await hit(a);
      expect(refused).toMatchObject({ totalHits: 11, isBlocked: true });
      expect(refused.timeToBlockExpire).toBeGreaterThan(20);
      expect(await hit(b)).toMatchObject({ isBlocked: true });
      expect(await sharedHits('user:shared', 'default')).toBe(11); // a blocked caller's hits are not counted
    } finally {
      a.stop();
      b.stop();
    }
  });

  it('decides a large limit locally only while under half of it, then through PostgreSQL, so batching cannot carry a key past it', async () => {
    const { storage, statements } = countingStorage();
    const limit = LOCAL_MIN_LIMIT;
    const hit = () => storage.increment('address:10.3.0.1', 60_000, limit, 30_000, 'public');
    try {
      for (let i = 0; i < limit / 2; i += 1) await hit();
      expect(statements).toHaveLength(1); // the first hit only
      await hit();
      expect(statements).toHaveLength(2); // past half the limit: every hit is exchanged
      expect(await sharedHits('address:10.3.0.1', 'public')).toBe(limit / 2 + 1);
      // Other processes take the rest of the limit meanwhile: the next hit learns it from PostgreSQL.
      await db.database.pool.query(`UPDATE rate_limit_counters SET hits = $1 WHERE key = 'address:10.3.0.1'`, [limit]);
      expect(await hit()).toMatchObject({ totalHits: limit + 1, isBlocked: true });
      expect(statements).toHaveLength(3);
    } finally {
      storage.stop();
    }
  });

  it('sends counted hits on its own within a few flush periods, so another process refuses the caller', async () => {
    const [a, b] = [new PostgresThrottlerStorage(db.database.pool, { flushEveryMs: 50 }), new PostgresThrottlerStorage(db.database.pool, { flushEveryMs: 50 })];
    try {
      for (let i = 0; i < 5; i += 1) await a.increment('address:10.2.0.1', 60_000, 5, 30_000, 'public');
      await sleep(400); // 8 flush periods: the timer has sent a's hits
      expect(await sharedHits('address:10.2.0.1', 'public')).toBe(5);
      expect(await b.increment('address:10.2.0.1', 60_000, 5, 30_000, 'public')).toMatchObject({ totalHits: 6, isBlocked: true });
    } finally {
      a.stop();
      b.stop();
    }
  });

  it('blocks the hit over the limit for the block duration without counting blocked hits, and keeps budgets and callers apart', async () => {
    const storage = new PostgresThrottlerStorage(db.database.pool);
    for (let i = 1; i <= 3; i += 1)
      expect(await storage.increment('address:10.0.0.1', 60_000, 3, 30_000, 'public')).toMatchObject({ totalHits: i, isBlocked: false, timeToBlockExpire: 0 });
    const over = await storage.increment('address:10.0.0.1', 60_000, 3, 30_000, 'public');
    expect(over).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(over.timeToBlockExpire).toBeGreaterThan(25);
    expect(over.timeToBlockExpire).toBeLessThanOrEqual(30);
    expect(await storage.increment('address:10.0.0.1', 60_000, 3, 30_000, 'public')).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(await storage.increment('address:10.0.0.1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await storage.increment('address:10.0.0.2', 60_000, 3, 30_000, 'public')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a key over once its window or its block has ended, and sweeps rows that ended', async () => {
    const storage = new PostgresThrottlerStorage(db.database.pool);
    await storage.increment('user:window', 300, 5, 300, 'default');
    await storage.increment('user:window', 300, 5, 300, 'default');
    await storage.increment('user:blocked', 300, 1, 300, 'default');
    expect(await storage.increment('user:blocked', 300, 1, 300, 'default')).toMatchObject({ isBlocked: true });
    await sleep(700);
    expect(await storage.increment('user:window', 300, 5, 300, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await storage.increment('user:blocked', 300, 1, 300, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    await db.database.pool.query(`UPDATE rate_limit_counters SET window_ends = now() - interval '2 minutes', blocked_until = NULL WHERE key = 'user:window'`);
    expect(await storage.sweep()).toBe(1);
    const { rows } = await db.database.pool.query(`SELECT 1 FROM rate_limit_counters WHERE key = 'user:window'`);
    expect(rows).toHaveLength(0);
  });
});

describe('The door throttler while PostgreSQL is away', () => {
  it('goes on counting in memory, still refusing over the limit, and says why', async () => {
    const failures: unknown[] = [];
    const unreachable = { query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) };
    const storage = new PostgresThrottlerStorage(unreachable, { onError: (error) => failures.push(error) });
    try {
      const hits = [];
      for (let n = 0; n < 3; n += 1) hits.push(await storage.increment('address:10.9.9.9', 60_000, 2, 30_000, 'public'));
      expect(hits.map((hit) => hit.totalHits)).toEqual([1, 2, 3]);
      expect(hits.map((hit) => hit.isBlocked)).toEqual([false, false, true]);
      expect(failures).toHaveLength(3);
      expect(String(failures[0])).toContain('ECONNREFUSED');
    } finally {
      storage.stop();
    }
  });
});

describe('A rate limit counted across two Gantry processes', () => {
  const children: Array<ReturnType<typeof startGantry>> = [];
  const dirs: string[] = [];
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.output));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  function serve(): Promise<number> {
    const dataDir = mkdtempSync(join(tmpdir(), 'gantry-limits-'));
    dirs.push(dataDir);
    const child = startGantry(['serve'], {
      PORT: '0',
      DATABASE_URL: db.url,
      GANTRY_DATA_DIR: dataDir,
      GANTRY_MISSIONS_DIR: join(dataDir, 'missions'),
      GANTRY_PUBLIC_RATE_LIMIT_PER_MINUTE: '10',
      GANTRY_PASSWORD: 'a-long-enough-admin-password-1',
    });
    children.push(child);
    return waitForOnline(child);
  }

  it('refuses the eleventh request of a minute at once, whichever process it reaches, with Retry-After', async () => {
    const [first, second] = await Promise.all([serve(), serve()]);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await fetch(`http://127.0.0.1:${i % 2 ? first : second}/health`)).status);
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
    for (const port of [first, second]) {
      const refused = await fetch(`http://127.0.0.1:${port}/health`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ statusCode: 429, speech: expect.any(String) as string });
    }
  }, 180_000);
});
