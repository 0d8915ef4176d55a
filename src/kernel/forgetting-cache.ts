export interface ForgettingCacheOptions {
  /** How long a value is trusted without loading it again (the backstop for a lost notice to forget it). */
  ttlMs: number;
  /** Values kept at most; the least recently read go first. */
  maxEntries: number;
  now: () => number;
}

export const FORGETTING_CACHE_DEFAULTS: ForgettingCacheOptions = { ttlMs: 5000, maxEntries: 10_000, now: Date.now };

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * Values loaded from a store and remembered until something says they changed (a notice, a commit), with a
 * TTL as the backstop and a bound on how many are kept. Only what was found is remembered (a lookup that
 * finds nothing always costs a load, and cannot fill the memory). Concurrent loads of one key share one load;
 * a load begun before a forgetting neither stores what it found nor is shared with later readers. While
 * `usable` says no (the notices cannot be heard), every read loads and nothing is remembered.
 */
export class ForgettingCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, { epoch: number; loading: Promise<V | null> }>();
  private readonly options: ForgettingCacheOptions;
  /** Goes up on every forgetting. */
  private epoch = 0;

  constructor(
    private readonly usable: () => boolean,
    options: Partial<ForgettingCacheOptions> = {},
  ) {
    this.options = { ...FORGETTING_CACHE_DEFAULTS, ...options };
  }

  /**
   * The value `key` names: from memory while fresh (and, when given, once `trusted` agrees it still may be),
   * else from `load`. `validUntil` may shorten how long a loaded value is kept (a session's expiry).
   */
  async get(key: string, load: () => Promise<V | null>, trusted?: () => Promise<boolean>, validUntil?: (value: V) => number | undefined): Promise<V | null> {
    if (!this.usable()) return load();
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expiresAt > this.options.now()) {
        this.entries.set(key, entry); // the most recently read last: eviction takes the first
        if (!trusted || (await trusted())) {
          const still = this.entries.get(key); // forgotten meanwhile by a notice heard while `trusted` waited
          if (still) return still.value;
        }
      }
    }
    return this.loadOnce(key, load, validUntil);
  }

  forget(key: string): void {
    this.epoch += 1;
    this.entries.delete(key);
  }

  forgetWhere(matches: (value: V) => boolean): void {
    this.epoch += 1;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  forgetAll(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private loadOnce(key: string, load: () => Promise<V | null>, validUntil?: (value: V) => number | undefined): Promise<V | null> {
    const epoch = this.epoch;
    const pending = this.inFlight.get(key);
    if (pending?.epoch === epoch) return pending.loading;
    const loading = load()
      .then((found) => {
        if (found !== null && epoch === this.epoch && this.usable()) this.remember(key, found, validUntil?.(found));
        return found;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.loading === loading) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { epoch, loading });
    return loading;
  }

  private remember(key: string, value: V, validUntil: number | undefined): void {
    const fresh = this.options.now() + this.options.ttlMs;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Math.min(fresh, validUntil ?? fresh) });
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
