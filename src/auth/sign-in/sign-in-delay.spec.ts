import { delayAfter, FIRST_DELAY_MS, FORGET_AFTER_MS, MAX_DELAY_MS, failuresAt, waitFor } from './sign-in-delay';

describe('sign-in delays', () => {
  const at = new Date('2026-12-06T12:00:00Z');
  const later = (ms: number) => new Date(at.getTime() + ms);

  it('lets the free failures through, then doubles the wait from one second up to fifteen minutes', () => {
    expect([0, 1, 5].map((failures) => delayAfter(failures, 5))).toEqual([0, 0, 0]);
    expect([6, 7, 8, 9].map((failures) => delayAfter(failures, 5))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(delayAfter(15, 5)).toBe(512_000);
    expect(delayAfter(16, 5)).toBe(MAX_DELAY_MS);
    expect(delayAfter(10_000, 5)).toBe(MAX_DELAY_MS);
  });

  it('counts the wait from the last failure', () => {
    const record = { failures: 7, lastFailureAt: at };
    expect(waitFor(record, 5, at)).toBe(2 * FIRST_DELAY_MS);
    expect(waitFor(record, 5, later(1_500))).toBe(500);
    expect(waitFor(record, 5, later(2_000))).toBe(0);
    expect(waitFor(null, 5, at)).toBe(0);
  });

  it('forgets a key that has been quiet for an hour', () => {
    const record = { failures: 40, lastFailureAt: at };
    expect(failuresAt(record, later(FORGET_AFTER_MS - 1))).toBe(40);
    expect(failuresAt(record, later(FORGET_AFTER_MS))).toBe(0);
    expect(waitFor(record, 5, later(FORGET_AFTER_MS))).toBe(0);
  });
});
