import { Pool } from 'pg';
import type { Database } from '../../src/database/database';
import { DatabaseNotifications } from '../../src/database/notifications';
import { MissionChangeFeed, type MissionChanges } from '../../src/missions/read/mission-change-feed';
import type { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Listener = (missionIds: ReadonlySet<string>) => void;

/** What the feed needs of a runner: its own commits, and every commit it applied or was relayed from its thread. */
class CommittingRunner {
  private readonly applied = new Set<Listener>();
  private readonly own = new Set<Listener>();
  onApplied(listener: Listener): () => void {
    this.applied.add(listener);
    return () => this.applied.delete(listener);
  }
  onOwnCommit(listener: Listener): () => void {
    this.own.add(listener);
    return () => this.own.delete(listener);
  }
  commit(missionIds: string[]): void {
    this.own.forEach((listener) => listener(new Set(missionIds)));
    this.relay(missionIds);
  }
  /** A commit the read-side thread made and this process's runner passes on: it was announced there already. */
  relay(missionIds: string[]): void {
    this.applied.forEach((listener) => listener(new Set(missionIds)));
  }
}

/** One process's side: its own pool, its own listening connection, its own runner. */
interface Side {
  runner: CommittingRunner;
  feed: MissionChangeFeed;
  notifications: DatabaseNotifications;
  pool: Pool;
  heard: MissionChanges[];
}

function side(url: string): Side {
  const pool = new Pool({ connectionString: url, max: 2 });
  const notifications = new DatabaseNotifications(url, { connectTimeoutMs: 5000, minRetryMs: 50 });
  const runner = new CommittingRunner();
  const feed = new MissionChangeFeed(runner as unknown as ProjectionRunner, { pool } as Database, notifications);
  const heard: MissionChanges[] = [];
  feed.onChanged((changes) => heard.push(changes));
  return { runner, feed, notifications, pool, heard };
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('MissionChangeFeed: projection commits heard in every process', () => {
  let db: TestDatabase;
  let api: Side;
  let worker: Side;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = side(db.url);
    worker = side(db.url);
    await Promise.all([api.notifications.whenListening(), worker.notifications.whenListening()]);
    await waitUntil(() => api.heard.length === 1 && worker.heard.length === 1);
  });

  afterAll(async () => {
    for (const each of [api, worker]) {
      each.feed.onModuleDestroy();
      await each.notifications.close();
      await each.pool.end();
    }
    await db.drop();
  });

  it('wakes everyone with `all` when the listening connection starts (changes before it were not heard)', () => {
    expect(api.heard).toEqual(['all']);
    expect(worker.heard).toEqual(['all']);
  });

  it("hands a commit of the worker's runner to the API process, which runs no projections", async () => {
    api.heard.length = 0;
    worker.heard.length = 0;
    worker.runner.commit([id(1), id(2)]);
    await waitUntil(() => api.heard.length === 1 && worker.heard.length === 1);
    expect(api.heard).toEqual([new Set([id(1), id(2)])]);
    expect(worker.heard).toEqual([new Set([id(1), id(2)])]); // its own process hears it once, through the same channel
  });

  it('splits a commit of many missions into notices under the payload limit, losing none', async () => {
    api.heard.length = 0;
    const many = Array.from({ length: 1000 }, (_, n) => id(n));
    worker.runner.commit(many);
    await waitUntil(() => new Set(api.heard.flatMap((changes) => (changes === 'all' ? [] : [...changes]))).size === 1000);
    expect(api.heard.length).toBeGreaterThan(1);
  });

  it('does not announce again a commit relayed from its read-side thread (the thread announced it)', async () => {
    api.heard.length = 0;
    worker.heard.length = 0;
    api.runner.relay([id(7)]);
    worker.runner.commit([id(8)]);
    await waitUntil(() => api.heard.length === 1 && worker.heard.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.heard).toEqual([new Set([id(8)])]);
    expect(worker.heard).toEqual([new Set([id(8)])]);
  });
});
