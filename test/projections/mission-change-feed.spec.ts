import { Pool } from 'pg';
import type { Database } from '../../src/database/database';
import { DatabaseNotifications } from '../../src/database/notifications';
import { MissionChangeFeed, type MissionChanges } from '../../src/missions/read/mission-change-feed';
import type { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** What the feed needs of a runner: the commits it announces. */
class CommittingRunner {
  private readonly listeners = new Set<(missionIds: ReadonlySet<string>) => void>();
  onApplied(listener: (missionIds: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  commit(missionIds: string[]): void {
    this.listeners.forEach((listener) => listener(new Set(missionIds)));
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
});
