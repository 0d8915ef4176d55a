import { RetrySchedule } from './retry-schedule';

describe('RetrySchedule', () => {
  let now: number;
  let schedule: RetrySchedule;

  beforeEach(() => {
    now = 1_000;
    schedule = new RetrySchedule(100, 1_000, () => now);
  });

  it('given a checkpoint that never failed, when asked, then it does not wait', () => {
    expect(schedule.waiting('a', '1/1')).toBe(false);
    expect(schedule.nextDueIn()).toBeNull();
  });

  it('given a checkpoint that fails again and again at one position, then the delay doubles up to the cap', () => {
    const delays = [1, 2, 3, 4, 5].map(() => schedule.failed('a', '1/1').delayMs);
    expect(delays).toEqual([100, 200, 400, 800, 1_000]);
    expect(schedule.failed('a', '1/1').failures).toBe(6);
  });

  it('given a failure, when its delay has not passed, then the checkpoint waits; once it has, it is tried again', () => {
    schedule.failed('a', '1/1');
    now += 99;
    expect(schedule.waiting('a', '1/1')).toBe(true);
    expect(schedule.nextDueIn()).toBe(1);
    now += 1;
    expect(schedule.waiting('a', '1/1')).toBe(false);
  });

  it('given a failure, when the checkpoint has moved on since, then it does not wait and its count starts afresh', () => {
    schedule.failed('a', '1/1');
    schedule.failed('a', '1/1');
    expect(schedule.waiting('a', '2/1')).toBe(false);
    expect(schedule.failed('a', '2/1')).toEqual({ failures: 1, delayMs: 100 });
  });

  it('given a failure, when the checkpoint then succeeds, then nothing waits any more', () => {
    schedule.failed('a', '1/1');
    schedule.succeeded('a');
    expect(schedule.waiting('a', '1/1')).toBe(false);
    expect(schedule.nextDueIn()).toBeNull();
  });

  it('given several waiting checkpoints, then the next try is the earliest still ahead', () => {
    schedule.failed('a', '1/1');
    schedule.failed('b', '1/1');
    schedule.failed('b', '1/1');
    expect(schedule.nextDueIn()).toBe(100);
    now += 150;
    expect(schedule.nextDueIn()).toBe(50);
    now += 100;
    expect(schedule.nextDueIn()).toBeNull();
  });
});
