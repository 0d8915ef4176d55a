import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { Pool } from 'pg';
import { counterId, SharedCounter, type CounterRecord, type ExchangeRow } from './shared-counter';

/**
 * One statement adds the hits counted since the last exchange for any number of keys, atomically,
 * whichever process sends them, on PostgreSQL's clock:
 * - a caller still blocked is not counted again;
 * - a window that has ended (or a block that has) starts over with the hits sent;
 * - hits that take a key over its limit block it for the block duration.
 * The limit and block of a key already there are read from the statement's own list (`k`).
 */
const EXCHANGE = `
  WITH k AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[], $5::int[], $6::float8[]) AS k(key, throttler, hits, ttl, lim, block)
  )
  INSERT INTO rate_limit_counters AS c (key, throttler, hits, window_ends, blocked_until)
  SELECT key, throttler, hits, now() + make_interval(secs => ttl / 1000.0), CASE WHEN hits > lim THEN now() + make_interval(secs => block / 1000.0) END
  FROM k ORDER BY key, throttler
  ON CONFLICT (key, throttler) DO UPDATE SET
    hits = CASE
      WHEN c.blocked_until > now() THEN c.hits
      WHEN c.window_ends <= now() OR c.blocked_until IS NOT NULL THEN excluded.hits
      ELSE c.hits + excluded.hits END,
    window_ends = CASE
      WHEN c.blocked_until > now() THEN c.window_ends
      WHEN c.window_ends <= now() OR c.blocked_until IS NOT NULL THEN excluded.window_ends
      ELSE c.window_ends END,
    blocked_until = CASE
      WHEN c.blocked_until > now() THEN c.blocked_until
      WHEN c.window_ends <= now() OR c.blocked_until IS NOT NULL THEN excluded.blocked_until
      WHEN c.hits + excluded.hits > (SELECT lim FROM k WHERE k.key = excluded.key AND k.throttler = excluded.throttler)
        THEN now() + make_interval(secs => (SELECT block FROM k WHERE k.key = excluded.key AND k.throttler = excluded.throttler) / 1000.0)
      ELSE NULL END
  RETURNING key, throttler, hits,
    GREATEST(0, extract(epoch FROM window_ends - now()) * 1000)::float8 AS ms_to_expire,
    GREATEST(0, COALESCE(extract(epoch FROM blocked_until - now()) * 1000, 0))::float8 AS ms_to_block_expire`;

/** Rows whose window and block both ended a while ago. */
const SWEEP = `DELETE FROM rate_limit_counters WHERE window_ends < now() - interval '1 minute' AND (blocked_until IS NULL OR blocked_until < now())`;

const SWEEP_EVERY_MS = 60_000;
/** How often the hits counted in this process are sent to PostgreSQL (one statement for every key). */
const FLUSH_EVERY_MS = 200;

export interface ThrottlerStorageOptions {
  /** Told why PostgreSQL could not be used (once per outage for the background flushes). */
  onError?: (error: unknown) => void;
  flushEveryMs?: number;
}

/**
 * @nestjs/throttler's storage, shared by every Gantry process through PostgreSQL (`rate_limit_counters`,
 * unlogged: counters are not worth a WAL write, and a crash of the server forgets them). A limit under
 * LOCAL_MIN_LIMIT, and a large one past half, is counted exactly: a round trip per counted hit. Otherwise,
 * without a round trip per request, each process counts its own hits at once and sends them for every key in one
 * statement every FLUSH_EVERY_MS, learning the shared totals in the answer; it decides from the last
 * shared total it knows plus its own hits since. A key's first hit (in a window, after a block, or after
 * 2 × FLUSH_EVERY_MS without an exchange) waits for a round trip, so a quiet caller is always counted on
 * the shared total. The bound: a process may not yet know the hits other processes took in their last
 * two flush periods (≤ 2 × FLUSH_EVERY_MS); its own hits it always counts exactly. Rows that have ended
 * are swept every minute.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, SharedCounter>();
  private readonly local = new ThrottlerStorageService();
  private readonly flushEveryMs: number;
  private readonly onError: (error: unknown) => void;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    options: ThrottlerStorageOptions = {},
  ) {
    this.flushEveryMs = options.flushEveryMs ?? FLUSH_EVERY_MS;
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * While PostgreSQL cannot be reached the count goes on in this process's memory (a limit per process
   * instead of a shared one), so an outage never turns a request, `/health` included, into a 500.
   */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<CounterRecord> {
    this.startTimers();
    const id = counterId(throttlerName, key);
    // A key's first exchange is waited for; a flush under way is not (the hits it carries still count here).
    const known = this.counters.get(id);
    if (known?.exchanging && known.exchangedAt === 0) await known.exchanging;
    const now = Date.now();
    const counter = this.counters.get(id);
    if (counter?.answersAlone(now, 2 * this.flushEveryMs)) return counter.hit(now);
    const fresh = counter?.carriedInto(now) ?? new SharedCounter(key, throttlerName, ttl, limit, blockDuration > 0 ? blockDuration : ttl);
    this.counters.set(id, fresh);
    fresh.pending += 1;
    try {
      await this.exchange([fresh]);
      return fresh.recordExchanged(Date.now());
    } catch (error) {
      this.counters.delete(id);
      this.onError(error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /** Sends every key's hits counted since the last exchange, in one statement (also on a timer). */
  flush(): Promise<void> {
    this.flushing ??= this.flushPending().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(SWEEP);
    return rowCount ?? 0;
  }

  /** The timers never keep a process alive; this stops them sooner (hits not yet sent stay unsent). */
  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.local.onApplicationShutdown();
  }

  private async flushPending(): Promise<void> {
    const now = Date.now();
    for (const [id, counter] of this.counters) if (counter.ended(now)) this.counters.delete(id);
    const due = [...this.counters.values()].filter((counter) => counter.pending > 0 && !counter.exchanging);
    if (due.length === 0) return;
    try {
      await this.exchange(due);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.onError(error);
      this.failing = true;
    }
  }

  private exchange(counters: SharedCounter[]): Promise<void> {
    const now = Date.now();
    const sent = counters.map((counter) => counter.send());
    const exchanging = this.pool
      .query<ExchangeRow>(EXCHANGE, [
        counters.map((c) => c.key),
        counters.map((c) => c.throttler),
        sent,
        counters.map((c) => c.ttl),
        counters.map((c) => c.limit),
        counters.map((c) => c.blockToSend(now)),
      ])
      .then(
        ({ rows }) => {
          const received = Date.now();
          const byId = new Map(rows.map((row) => [counterId(row.throttler, row.key), row]));
          counters.forEach((counter, index) => counter.received(byId.get(counterId(counter.throttler, counter.key)), sent[index], received));
        },
        (error: unknown) => {
          counters.forEach((counter, index) => counter.returned(sent[index]));
          throw error;
        },
      );
    for (const counter of counters)
      counter.exchanging = exchanging.then(
        () => undefined,
        () => undefined,
      );
    return exchanging.finally(() => {
      for (const counter of counters) counter.exchanging = null;
    });
  }

  private startTimers(): void {
    if (this.timers.length > 0) return;
    const flusher = setInterval(() => void this.flush(), this.flushEveryMs);
    const sweeper = setInterval(() => void this.sweep().catch(this.onError), SWEEP_EVERY_MS);
    this.timers = [flusher, sweeper];
    for (const timer of this.timers) timer.unref();
  }
}
