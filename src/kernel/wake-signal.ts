/** Wakes whoever waits, or lets them sleep until a timeout. A notification between two waits is not lost: wait from a generation. */
export class WakeSignal {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    const waiting = [...this.waiters];
    this.waiters.clear();
    waiting.forEach((wake) => wake());
  }

  /** Resolves on the first notification after `since` (at once if one happened already), or after `ms`. */
  wait(ms: number, since = this.count): Promise<void> {
    if (this.count !== since) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiters.add(done);
    });
  }
}
