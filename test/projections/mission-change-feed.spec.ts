import { Pool } from 'pg';
import { DatabaseNotifications } from '../../src/database/notifications';
import { MissionChangeFeed, type MissionChanges } from '../../src/missions/read/mission-change-feed';
import type { CommittingListener, ProjectionRunner } from '../../src/missions/read/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Listener = (missionIds: ReadonlySet<string>) => void;

/** What the feed needs of a runner: its own transactions before they end, and every commit it applied or was relayed from its thread. */
class CommittingRunner {
  private readonly applied = new Set<Listener>();
  private readonly committing = new Set<CommittingListener>();
  constructor(private readonly pool: Pool) {}
  onApplied(listener: Listener): () => void {
    this.applied.add(listener);
    return () => this.applied.delete(listener);
  }
  onCommitting(listener: CommittingListener): () => void {
    this.committing.add(listener);
    return () => this.committing.delete(listener);
  }
  async commit(missionIds: string[]): Promise<void> {
    await this.transaction(missionIds, 'COMMIT');
    this.relay(missionIds);
  }
  /** A batch whose transaction fails after the listeners wrote into it. */
  rollBack(missionIds: string[]): Promise<void> {
    return this.transaction(missionIds, 'ROLLBACK');
  }
  /** A commit the read-side thread made and this process's runner passes on: it was announced there already. */
  relay(missionIds: string[]): void {
    this.applied.forEach((listener) => listener(new Set(missionIds)));
  }
  private async transaction(missionIds: string[], end: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const listener of this.committing) await listener(new Set(missionIds), client);
      await client.query(end);
    } finally {
      client.release();
    }
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
  const runner = new CommittingRunner(pool);
  const feed = new MissionChangeFeed(runner as unknown as ProjectionRunner, notifications);
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

  /** Hands over every notice committed so far, then forgets what both sides heard (a notice of the test before must not count for the next). */
  const forgetHeard = async () => {
    await Promise.all([api.notifications.caughtUp(), worker.notifications.caughtUp()]);
    api.heard.length = 0;
    worker.heard.length = 0;
  };

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
    await forgetHeard();
    await worker.runner.commit([id(1), id(2)]);
    await waitUntil(() => api.heard.length === 1 && worker.heard.length === 1);
    expect(api.heard).toEqual([new Set([id(1), id(2)])]);
    expect(worker.heard).toEqual([new Set([id(1), id(2)])]); // its own process hears it once, through the same channel
  });

  it('announces nothing for a batch whose transaction rolled back, and the next commit on its own', async () => {
    await forgetHeard();
    await worker.runner.rollBack([id(3)]);
    await worker.runner.commit([id(4)]);
    await waitUntil(() => api.heard.length === 1);
    await api.notifications.caughtUp();
    expect(api.heard).toEqual([new Set([id(4)])]);
  });

  it('splits a commit of many missions into notices under the payload limit, losing none', async () => {
    await forgetHeard();
    const many = Array.from({ length: 1000 }, (_, n) => id(n));
    await worker.runner.commit(many);
    await waitUntil(() => new Set(api.heard.flatMap((changes) => (changes === 'all' ? [] : [...changes]))).size === 1000);
    expect(api.heard.length).toBeGreaterThan(1);
  });

  it('does not announce again a commit relayed from its read-side thread (the thread announced it)', async () => {
    await forgetHeard();
    api.runner.relay([id(7)]);
    await worker.runner.commit([id(8)]);
    await waitUntil(() => api.heard.length === 1 && worker.heard.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.heard).toEqual([new Set([id(8)])]);
    expect(worker.heard).toEqual([new Set([id(8)])]);
  });
});
