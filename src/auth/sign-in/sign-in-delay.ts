/**
 * Growing delays after failed sign-ins (OWASP: throttle, never lock for good). Each key (an account at an
 * address, a known device, an account, an address) has its own count of failures: the first `free` cost
 * nothing, then each one doubles the wait before the next attempt is even checked, from one second up to
 * fifteen minutes. A key with no failure for an hour starts again from zero.
 */
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15 * 60_000;
export const FORGET_AFTER_MS = 60 * 60_000;

export interface FailureRecord {
  failures: number;
  lastFailureAt: Date;
}

/** How long after its last failure a key must wait, given how many failures it has had. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(30, failures - free - 1));
}

/** The failures still counted at `now`: none once the key has been quiet long enough. */
export function failuresAt(record: FailureRecord | null, now: Date): number {
  if (!record || now.getTime() - record.lastFailureAt.getTime() >= FORGET_AFTER_MS) return 0;
  return record.failures;
}

/** Milliseconds until the key may try again (0: now). */
export function waitFor(record: FailureRecord | null, free: number, now: Date): number {
  if (!record) return 0;
  const delay = delayAfter(failuresAt(record, now), free);
  return Math.max(0, record.lastFailureAt.getTime() + delay - now.getTime());
}
