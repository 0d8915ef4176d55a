import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import type { Pool } from 'pg';

/**
 * One statement counts a hit atomically, whichever process takes it, on PostgreSQL's clock:
 * - a caller still blocked is not counted again;
 * - a window that has ended (or a block that has) starts over at one hit;
 * - the hit that goes over the limit blocks the caller for the block duration.
 */
const INCREMENT = `
  INSERT INTO rate_limit_counters AS c (key, throttler, hits, window_ends, blocked_until)
  VALUES ($1, $2, 1, now() + make_interval(secs => $3 / 1000.0), CASE WHEN 1 > $4 THEN now() + make_interval(secs => $5 / 1000.0) END)
  ON CONFLICT (key, throttler) DO UPDATE SET
    hits = CASE
      WHEN c.blocked_until > now() THEN c.hits
      WHEN c.window_ends <= now() OR c.blocked_until IS NOT NULL THEN 1
      ELSE c.hits + 1 END,
    window_ends = CASE
      WHEN c.blocked_until > now() THEN c.window_ends
      WHEN c.window_ends <= now() OR c.blocked_until IS NOT NULL THEN now() + make_interval(secs => $3 / 1000.0)
      ELSE c.window_ends END,
    blocked_until = CASE
      WHEN c.blocked_until > now() THEN c.blocked_until
      WHEN c.window_ends > now() AND c.blocked_until IS NULL AND c.hits + 1 > $4 THEN now() + make_interval(secs => $5 / 1000.0)
      ELSE NULL END
  RETURNING hits,
    GREATEST(0, ceil(extract(epoch FROM window_ends - now())))::int AS time_to_expire,
    COALESCE(blocked_until > now(), false) AS is_blocked,
    GREATEST(0, COALESCE(ceil(extract(epoch FROM blocked_until - now())), 0))::int AS time_to_block_expire`;

/** Rows whose window and block both ended a while ago. */
const SWEEP = `DELETE FROM rate_limit_counters WHERE window_ends < now() - interval '1 minute' AND (blocked_until IS NULL OR blocked_until < now())`;

const SWEEP_EVERY_MS = 60_000;

interface Row {
  hits: number;
  time_to_expire: number;
  is_blocked: boolean;
  time_to_block_expire: number;
}

/**
 * @nestjs/throttler's storage in PostgreSQL (`rate_limit_counters`, unlogged: counters are not worth
 * a WAL write, and a crash of the server forgets them), so a limit is counted across every Gantry
 * process. Fixed windows per key and budget; rows that have ended are swept every minute.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    private readonly onSweepError: (error: unknown) => void = () => undefined,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    this.startSweeping();
    const { rows } = await this.pool.query<Row>(INCREMENT, [key, throttlerName, ttl, limit, blockDuration > 0 ? blockDuration : ttl]);
    const row = rows[0];
    return { totalHits: row.hits, timeToExpire: row.time_to_expire, isBlocked: row.is_blocked, timeToBlockExpire: row.time_to_block_expire };
  }

  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(SWEEP);
    return rowCount ?? 0;
  }

  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep().catch(this.onSweepError), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** The sweeper's timer never keeps a process alive; this stops it sooner. */
  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
