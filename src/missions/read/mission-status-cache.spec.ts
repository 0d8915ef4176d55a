import type { MissionChangeFeed, MissionChanges } from './mission-change-feed';
import type { MissionReadModel } from './mission-read-model';
import { MissionStatusCache } from './mission-status-cache';
import type { MissionSummaryEntity } from './mission-summary.entity';
import type { ProjectionRunner } from './projection-runner';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

type Listener<T> = (changes: T) => void;

/** The summary table, in memory: every read is counted, and a read can be held until the test lets it go. */
class Table {
  readonly rows = new Map<string, Partial<MissionSummaryEntity>>();
  reads = 0;
  hold: Promise<void> | null = null;

  async summary(missionId: string): Promise<MissionSummaryEntity | null> {
    this.reads += 1;
    const row = this.rows.get(missionId);
    const copy = row ? ({ ...row } as MissionSummaryEntity) : null; // what the table held when the read began
    if (this.hold) await this.hold;
    return copy;
  }

  set(missionId: string, status: string): void {
    this.rows.set(missionId, { missionId, owner: 'alice', status: status as MissionSummaryEntity['status'] });
  }
}

function setUp(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const table = new Table();
  const own = new Set<Listener<ReadonlySet<string>>>();
  const others = new Set<Listener<MissionChanges>>();
  const feed = {
    listening: true,
    get isListening() {
      return this.listening;
    },
    onChanged: (listener: Listener<MissionChanges>) => (others.add(listener), () => others.delete(listener)),
  };
  const runner = { onApplied: (listener: Listener<ReadonlySet<string>>) => (own.add(listener), () => own.delete(listener)) };
  let now = 1_000_000;
  const cache = new MissionStatusCache(table as unknown as MissionReadModel, runner as unknown as ProjectionRunner, feed as unknown as MissionChangeFeed, {
    ...options,
    now: () => now,
  });
  return {
    table,
    feed,
    cache,
    /** This process's projections committed (inline, or relayed from its read-side thread). */
    ownCommit: (...ids: string[]) => own.forEach((listener) => listener(new Set(ids))),
    /** Another process's commit, heard through `gantry_missions_applied` (or `all` after a reconnection). */
    heard: (changes: MissionChanges) => others.forEach((listener) => listener(changes)),
    advance: (ms: number) => (now += ms),
  };
}

const statusOf = async (cache: MissionStatusCache, id: string) => (await cache.summary(id))?.status;

describe('MissionStatusCache', () => {
  it('reads a mission once, then answers from memory until it changes', async () => {
    const { table, cache } = setUp();
    table.set(A, 'CONSULTING');
    for (let read = 0; read < 5; read += 1) expect(await statusOf(cache, A)).toBe('CONSULTING');
    expect(table.reads).toBe(1);
  });

  it("forgets a mission at once when this process's projections commit it, and only that mission", async () => {
    const { table, cache, ownCommit } = setUp();
    table.set(A, 'CONSULTING');
    table.set(B, 'CONSULTING');
    await cache.summary(A);
    await cache.summary(B);
    table.set(A, 'BUILDING');
    ownCommit(A);
    expect(await statusOf(cache, A)).toBe('BUILDING');
    expect(await statusOf(cache, B)).toBe('CONSULTING');
    expect(table.reads).toBe(3);
  });

  it("forgets a mission when another process's commit is heard, and everything after a reconnection", async () => {
    const { table, cache, heard } = setUp();
    table.set(A, 'CONSULTING');
    table.set(B, 'CONSULTING');
    await cache.summary(A);
    await cache.summary(B);
    table.set(A, 'BUILDING');
    heard(new Set([A]));
    expect(await statusOf(cache, A)).toBe('BUILDING');
    table.set(B, 'LIVE');
    heard('all');
    expect(await statusOf(cache, B)).toBe('LIVE');
    expect(cache.size).toBe(1); // A was forgotten too
  });

  it('does not remember a row read before a change that was announced while the read ran', async () => {
    const { table, cache, ownCommit } = setUp();
    table.set(A, 'CONSULTING');
    let release = (): void => undefined;
    table.hold = new Promise((resolve) => (release = resolve));
    const before = cache.summary(A); // began before the commit: reads the old row
    table.set(A, 'BUILDING');
    ownCommit(A);
    table.hold = null;
    release();
    expect((await before)?.status).toBe('CONSULTING');
    expect(await statusOf(cache, A)).toBe('BUILDING');
  });

  it('is not used while nothing listens for other processes, and starts over when told `all`', async () => {
    const { table, cache, feed, heard } = setUp();
    table.set(A, 'CONSULTING');
    await cache.summary(A);
    feed.listening = false;
    table.set(A, 'BUILDING'); // changed by another process while the notice could not arrive
    expect(await statusOf(cache, A)).toBe('BUILDING');
    expect(await statusOf(cache, A)).toBe('BUILDING');
    expect(table.reads).toBe(3);
    feed.listening = true;
    heard('all');
    expect(cache.size).toBe(0);
  });

  it('reads again after the TTL (the backstop for a lost notice)', async () => {
    const { table, cache, advance } = setUp({ ttlMs: 5000 });
    table.set(A, 'CONSULTING');
    await cache.summary(A);
    table.set(A, 'BUILDING');
    advance(5001);
    expect(await statusOf(cache, A)).toBe('BUILDING');
  });

  it('never remembers an unknown mission, keeps at most maxEntries (the least recently read go), and hands out frozen rows', async () => {
    const { table, cache } = setUp({ maxEntries: 2 });
    const ids = [A, B, '33333333-3333-4333-8333-333333333333'];
    ids.forEach((id) => table.set(id, 'CONSULTING'));
    expect(await cache.summary('44444444-4444-4444-8444-444444444444')).toBeNull();
    expect(cache.size).toBe(0);
    await cache.summary(A);
    await cache.summary(B);
    await cache.summary(A); // A is now the most recently read
    await cache.summary(ids[2]); // evicts B
    expect(cache.size).toBe(2);
    const reads = table.reads;
    await cache.summary(A);
    expect(table.reads).toBe(reads);
    await cache.summary(B);
    expect(table.reads).toBe(reads + 1);
    expect(Object.isFrozen(await cache.summary(A))).toBe(true);
  });
});
