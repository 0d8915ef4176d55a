import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresThrottlerStorage } from '../../src/auth/door/postgres-throttler-storage';
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

  it('counts every hit exactly once when two pools hit one key at the same time', async () => {
    const other = new Pool({ connectionString: db.url, max: 5 });
    try {
      const [a, b] = [new PostgresThrottlerStorage(db.database.pool), new PostgresThrottlerStorage(other)];
      const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('user:ada', 60_000, 1000, 60_000, 'default')));
      expect(hits.map((hit) => hit.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(hits.every((hit) => !hit.isBlocked && hit.timeToExpire > 0 && hit.timeToExpire <= 60)).toBe(true);
      a.stop();
      b.stop();
    } finally {
      await other.end();
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

  it('refuses the eleventh request of a minute whichever process it reaches, with Retry-After', async () => {
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
