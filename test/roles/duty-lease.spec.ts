import { setTimeout as sleep } from 'node:timers/promises';
import { DutyLease } from '../../src/database/duty-lease';
import { DutyLoop } from '../../src/missions/application/duty-loop';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The singleton duties' lease, on a real PostgreSQL: one holder at a time, and the next one takes over. */
describe('DutyLease', () => {
  let db: TestDatabase;
  const leases: DutyLease[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((lease) => lease.close()));
  });
  afterAll(async () => {
    await db.drop();
  });

  function lease(name: string, retryMs = 20): DutyLease {
    const made = new DutyLease(db.url, name, { retryMs });
    leases.push(made);
    return made;
  }

  async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
      await sleep(20);
    }
  }

  it('is held by exactly one of the contenders, and passes to another when the holder lets go', async () => {
    const contenders = Array.from({ length: 5 }, () => lease('test-duty-one'));
    const held = await Promise.all(contenders.map((contender) => contender.hold()));
    expect(held.filter(Boolean)).toHaveLength(1);

    const first = contenders[held.indexOf(true)];
    await first?.release();
    const others = contenders.filter((contender) => contender !== first);
    await eventually(async () => (await Promise.all(others.map((other) => other.hold()))).some(Boolean), 'another contender takes the duty');
    expect(contenders.filter((contender) => contender.held)).toHaveLength(1);
  });

  it('is lost, and taken over, when the holder’s connection is killed (as when its process dies)', async () => {
    const [a, b] = [lease('test-duty-kill'), lease('test-duty-kill')];
    const lost = jest.fn();
    a.onLost(lost);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);

    const { rows } = await db.database.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'test-duty-kill%' OR application_name = $1",
      [`gantry test-duty-kill pid ${process.pid}`],
    );
    const holder = (await (await a.connection())?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))?.rows[0]?.pid;
    expect(rows.map((row) => row.pid)).toContain(holder);
    await db.database.pool.query('SELECT pg_terminate_backend($1)', [holder]);

    await eventually(() => b.hold(), 'the standby takes the duty');
    expect(a.held).toBe(false);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('runs a duty loop’s work once more as its holder stops, however recently it ran, and never in a standby', async () => {
    const runs = [0, 0];
    const contenders = [lease('test-duty-last-turn'), lease('test-duty-last-turn')];
    const loops = contenders.map(
      (contender, index) => new DutyLoop(contender, async () => void (runs[index] += 1), { intervalMs: 3_600_000, retryMs: 10, log: () => undefined }),
    );
    await eventually(() => loops[0].tick(), 'the first loop takes the duty and runs');
    loops.forEach((loop) => loop.start());
    await sleep(50);
    expect(await loops[1].tick()).toBe(false);
    expect(runs).toEqual([1, 0]);

    expect(await loops[1].stopAfterLastTurn()).toBe(false);
    expect(await loops[0].stopAfterLastTurn()).toBe(true);
    expect(runs).toEqual([2, 0]);
    await sleep(50);
    expect(runs).toEqual([2, 0]);
  });

  it('never runs a duty loop’s work in two places at once, while holders come and go', async () => {
    let running = 0;
    let overlaps = 0;
    let runs = 0;
    const work = async () => {
      running += 1;
      runs += 1;
      if (running > 1) overlaps += 1;
      await sleep(5);
      running -= 1;
    };
    const contenders = Array.from({ length: 3 }, () => lease('test-duty-loop', 10));
    const loops = contenders.map((contender) => new DutyLoop(contender, work, { intervalMs: 0, retryMs: 10, log: () => undefined }));
    loops.forEach((loop) => loop.start());
    for (let round = 0; round < 10; round += 1) {
      await eventually(async () => contenders.some((contender) => contender.held), 'some contender holds the duty');
      await sleep(30);
      // The holder stops (its work under way finishes) and lets go; another takes over; it stands by again.
      const holder = contenders.findIndex((contender) => contender.held);
      await loops[holder]?.stop();
      await contenders[holder]?.release();
      loops[holder]?.start();
    }
    await Promise.all(loops.map((loop) => loop.stop()));
    expect(runs).toBeGreaterThan(10);
    expect(overlaps).toBe(0);
  });
});
