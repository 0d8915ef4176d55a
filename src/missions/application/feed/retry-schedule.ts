import type { GlobalPosition } from '../../ports/event-store.port';

interface Entry {
  at: GlobalPosition;
  failures: number;
  dueAt: number;
}

/**
 * When a checkpoint that failed may be tried again. The delay doubles with each failure at the same
 * position, from `firstDelayMs` up to `maxDelayMs`; a checkpoint that has moved on since starts afresh.
 */
export class RetrySchedule {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly firstDelayMs: number,
    private readonly maxDelayMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key` failed at `at` and its next try is not due yet. */
  waiting(key: string, at: GlobalPosition): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.at !== at) {
      this.entries.delete(key); // it moved on (or another process moved it): the failure is behind it
      return false;
    }
    return this.now() < entry.dueAt;
  }

  /** Records a failure at `at`; returns how many in a row and how long until the next try. */
  failed(key: string, at: GlobalPosition): { failures: number; delayMs: number } {
    const previous = this.entries.get(key);
    const failures = previous?.at === at ? previous.failures + 1 : 1;
    const delayMs = Math.min(this.firstDelayMs * 2 ** Math.min(failures - 1, 30), this.maxDelayMs);
    this.entries.set(key, { at, failures, dueAt: this.now() + delayMs });
    return { failures, delayMs };
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  /** Milliseconds until the next try falls due; null when none is still ahead (those due are tried on every pass). */
  nextDueIn(): number | null {
    const now = this.now();
    const ahead = [...this.entries.values()].map(({ dueAt }) => dueAt - now).filter((left) => left > 0);
    return ahead.length > 0 ? Math.min(...ahead) : null;
  }
}
