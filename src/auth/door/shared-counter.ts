import type { ThrottlerStorage } from '@nestjs/throttler';

/** What @nestjs/throttler's storage answers for a hit (times in whole seconds). */
export type CounterRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One key of one throttler, as the counters are kept in this process and matched to PostgreSQL's rows. */
export function counterId(throttler: string, key: string): string {
  return `${throttler}\u0000${key}`;
}

/** PostgreSQL's answer for one key after an exchange: the shared total, and what is left of its window and block. */
export interface ExchangeRow {
  key: string;
  throttler: string;
  hits: number;
  ms_to_expire: number;
  ms_to_block_expire: number;
}

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * A hit is decided in one process alone only for a limit of at least this many hits per window, and only while
 * the key is under half its limit; every other hit goes through PostgreSQL, which counts it exactly. Below it
 * (the signed-in default, 120 a minute, and the small limits a test or a strict operator sets) a key can take
 * few hits before it is blocked, and a blocked caller is refused from memory, so exact counting costs little;
 * above it (the public default, 1,200 a minute: /health, /apps), batching saves a round trip per request, and
 * the limit can be overshot only by hits other processes took in their last flush periods.
 */
export const LOCAL_MIN_LIMIT = 1000;
const LOCAL_SHARE_OF_LIMIT = 0.5;

/**
 * One key's count in one process (see PostgresThrottlerStorage): the shared total PostgreSQL gave at the
 * last exchange, the hits being sent, and the hits counted here since. Times are this process's clock,
 * set from PostgreSQL's remaining durations when an answer arrives.
 */
export class SharedCounter {
  /** The total in PostgreSQL at the last exchange, this process's hits sent until then included. */
  shared = 0;
  /** Hits on their way to PostgreSQL. */
  sending = 0;
  /** Hits counted here and not yet sent. */
  pending = 0;
  windowEndsAt = 0;
  /** When a block ends (0: never blocked). A key whose block ended starts over through PostgreSQL. */
  blockedUntil = 0;
  exchangedAt = 0;
  /** The exchange under way for this key: a hit that needs PostgreSQL waits for it instead of sending its own. */
  exchanging: Promise<void> | null = null;

  constructor(
    readonly key: string,
    readonly throttler: string,
    readonly ttl: number,
    readonly limit: number,
    readonly blockMs: number,
  ) {}

  get total(): number {
    return this.shared + this.sending + this.pending;
  }

  /** Whether a hit can be decided here: refused while blocked; else far from a large limit, within the window, on a recent shared total. */
  answersAlone(now: number, staleAfterMs: number): boolean {
    if (this.exchangedAt === 0) return false;
    if (now < this.blockedUntil) return true;
    if (this.limit < LOCAL_MIN_LIMIT || this.total + 1 > this.limit * LOCAL_SHARE_OF_LIMIT) return false;
    return this.blockedUntil === 0 && now < this.windowEndsAt && now - this.exchangedAt <= staleAfterMs;
  }

  /** Counts a hit here (a blocked caller's hits are not counted); the hit that goes over the limit blocks. */
  hit(now: number): CounterRecord {
    if (now < this.blockedUntil) return this.record(now);
    this.pending += 1;
    if (this.total > this.limit) this.blockedUntil = now + this.blockMs;
    return this.record(now);
  }

  /** The counter a hit that needs PostgreSQL adds to: this one while its window runs unblocked (unsent hits kept), else a new one. */
  carriedInto(now: number): SharedCounter {
    if (now < this.windowEndsAt && this.blockedUntil === 0) return this;
    return new SharedCounter(this.key, this.throttler, this.ttl, this.limit, this.blockMs);
  }

  /** Whether nothing about this key is worth keeping: its window and block ended and nothing is left to send. */
  ended(now: number): boolean {
    return this.pending === 0 && this.sending === 0 && this.exchanging === null && now >= this.windowEndsAt && now >= this.blockedUntil;
  }

  /** Takes the unsent hits for an exchange. */
  send(): number {
    const hits = this.pending;
    this.pending = 0;
    this.sending += hits;
    return hits;
  }

  /** The block to send: what is left of one that started here (so PostgreSQL's ends when this one does), else the full duration. */
  blockToSend(now: number): number {
    return now < this.blockedUntil ? this.blockedUntil - now : this.blockMs;
  }

  /** An exchange failed: its hits are sent again with the next one. */
  returned(hits: number): void {
    this.sending -= hits;
    this.pending += hits;
  }

  received(row: ExchangeRow | undefined, hits: number, now: number): void {
    this.sending -= hits;
    if (!row) return;
    this.shared = row.hits;
    this.exchangedAt = now;
    this.windowEndsAt = now + row.ms_to_expire;
    if (row.ms_to_block_expire > 0) this.blockedUntil = Math.max(this.blockedUntil, now + row.ms_to_block_expire);
  }

  /**
   * The record for a hit whose exchange just returned: PostgreSQL's total plus the hits counted since. Hits of
   * other exchanges still under way are left out, as PostgreSQL's total may already hold them.
   */
  recordExchanged(now: number): CounterRecord {
    return { ...this.record(now), totalHits: this.shared + this.pending };
  }

  record(now: number): CounterRecord {
    const blocked = now < this.blockedUntil;
    return {
      totalHits: this.total,
      timeToExpire: seconds(this.windowEndsAt - now),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? seconds(this.blockedUntil - now) : 0,
    };
  }
}
