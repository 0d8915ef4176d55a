import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { DATABASE, type Database } from '../../database/database';
import { inPoolTransaction } from '../../database/pool-transaction';
import { digestOf, newSecret } from '../credentials/secret-token';
import { addressOf } from '../door/door-throttler.guard';
import { FORGET_AFTER_MS, waitFor } from './sign-in-delay';
import { DEVICE_COOKIE, deviceOf } from './known-devices';

const DEVICE_COOKIE_DAYS = 400;
/** Spread over many accounts or addresses, guessing meets the account's and the address's own limits later. */
const SOFT_LIMIT_FACTOR = 10;

interface FailureRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  now: Date;
}

/** An attempt counted as a failure ahead of its check: when, and each key's last failure before it (null: none counted). */
interface Claim {
  claimedAt: Date;
  previous: Map<string, Date | null>;
}

interface AttemptKey {
  key: string;
  free: number;
}

/** How long the attempt must wait: the longest wait of its keys (0: it may go ahead). */
function longestWait(keys: AttemptKey[], rows: FailureRow[]): number {
  const waits = keys.map(({ key, free }) => {
    const row = rows.find((candidate) => candidate.key === key);
    return row ? waitFor({ failures: row.failures, lastFailureAt: row.last_failure_at }, free, row.now) : 0;
  });
  return Math.max(0, ...waits);
}

function tooManyAttempts(waitMs: number, response: Response): HttpException {
  const seconds = Math.ceil(waitMs / 1000);
  response.setHeader('Retry-After', String(seconds));
  return new HttpException(
    `Too many failed sign-ins from here for this account: try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/** Where a sign-in comes from, as far as throttling cares. */
interface Origin {
  account: string;
  address: string;
  /** The digest of the device cookie, when the browser sent one. */
  device: string | null;
}

/**
 * Sign-in throttling that a stranger's guesses cannot turn against the account's owner (OWASP's
 * Authentication Cheat Sheet and its device-cookie scheme):
 * - a browser that signed in to the account before carries a device cookie; its attempts are counted on
 *   their own (`device:`) and no one else's failures slow it down;
 * - any other client is counted per account at its address (`pair:`), and, with a ten times larger
 *   allowance, per account across all addresses (`account:`, a soft limit against guessing from many
 *   addresses, which an address the account signed in from before does not meet) and per address across
 *   all accounts (`address:`, against one client trying many accounts).
 * Past its free failures each key waits longer and longer (sign-in-delay.ts); while any of the attempt's
 * keys waits, the password is not even checked: 429 with Retry-After. A right password clears its own
 * device or pair key. Counts live in PostgreSQL and each attempt is counted before its password is checked,
 * in a transaction holding its keys (see `claim`), so a restart, a burst of parallel guesses or a second
 * process does not get past them.
 */
@Injectable()
export class SignInLimiter {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {}

  /**
   * Runs `check` unless the attempt must wait, and counts its failure. A sign-in (`remember`) that succeeds
   * also remembers the device (setting its cookie if it has none) and the address it came from.
   */
  async attempt<T>(account: string, request: Request, response: Response, check: () => Promise<T | null>, remember = true): Promise<T | null> {
    const origin: Origin = { account, address: addressOf(request), device: deviceOf(request) };
    const keys = await this.keysFor(origin);
    await this.refuseWhileWaiting(keys, response);
    const claim = await this.claim(keys, response);
    const outcome = await check();
    if (outcome === null) await this.recordFailure(claim);
    else await this.recordSuccess(origin, keys[0], claim, remember ? { request, response } : null);
    return outcome;
  }

  private async keysFor(origin: Origin): Promise<AttemptKey[]> {
    const free = this.config.loginAttemptsPerMinute;
    const soft = free * SOFT_LIMIT_FACTOR;
    const known = await this.knownPlaces(origin);
    if (known.device && origin.device) return [{ key: `device:${origin.device}|${origin.account}`, free }];
    const keys = [
      { key: `pair:${origin.account}|${origin.address}`, free },
      { key: `address:${origin.address}`, free: soft },
    ];
    return known.address ? keys : [...keys, { key: `account:${origin.account}`, free: soft }];
  }

  private async knownPlaces(origin: Origin): Promise<{ device: boolean; address: boolean }> {
    const { rows } = await this.database.pool.query<{ kind: string }>(
      `SELECT p.kind FROM sign_in_places p JOIN users u ON u.id = p.user_id
       WHERE u.name = $1 AND u.removed_at IS NULL AND ((p.kind = 'device' AND p.place = $2) OR (p.kind = 'address' AND p.place = $3))`,
      [origin.account, origin.device ?? '', origin.address],
    );
    return { device: rows.some((row) => row.kind === 'device'), address: rows.some((row) => row.kind === 'address') };
  }

  /**
   * The cheap refusal that most of a guessing loop meets: one read of the keys, without a transaction, a
   * lock or a write, and no password check. `claim` checks again under the keys' locks.
   */
  private async refuseWhileWaiting(keys: AttemptKey[], response: Response): Promise<void> {
    const { rows } = await this.database.pool.query<FailureRow>(
      'SELECT key, failures, last_failure_at, now() AS now FROM sign_in_failures WHERE key = ANY($1)',
      [keys.map((key) => key.key)],
    );
    const longest = longestWait(keys, rows);
    if (longest > 0) throw tooManyAttempts(longest, response);
  }

  /**
   * Counts the attempt as a failure on every key before the password is checked, in one transaction that
   * holds the keys' rows: concurrent attempts, in this process or another, queue on the rows and each sees
   * the ones before it, so no burst of parallel guesses gets past the delays. While any key waits
   * (by the database's clock, the same for every process), nothing is counted: 429 with Retry-After.
   */
  private async claim(keys: AttemptKey[], response: Response): Promise<Claim> {
    const names = keys.map((key) => key.key).sort(); // one lock order for every attempt: no deadlock
    const wait = await inPoolTransaction(this.database.pool, async (client) => {
      await client.query(`INSERT INTO sign_in_failures (key, failures, last_failure_at) SELECT unnest($1::text[]), 0, now() ON CONFLICT (key) DO NOTHING`, [
        names,
      ]);
      const { rows } = await client.query<FailureRow>(
        'SELECT key, failures, last_failure_at, now() AS now FROM sign_in_failures WHERE key = ANY($1) ORDER BY key FOR UPDATE',
        [names],
      );
      const longest = longestWait(keys, rows);
      if (longest > 0) return { longest, claim: null };
      await client.query(
        `UPDATE sign_in_failures SET last_failure_at = now(),
           failures = CASE WHEN last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE failures + 1 END
         WHERE key = ANY($1)`,
        [names, FORGET_AFTER_MS / 1000],
      );
      const claimedAt = rows[0]?.now ?? new Date();
      return { longest: 0, claim: { claimedAt, previous: new Map(rows.map((row) => [row.key, row.failures === 0 ? null : row.last_failure_at])) } };
    });
    if (wait.claim) return wait.claim;
    throw tooManyAttempts(wait.longest, response);
  }

  /**
   * A wrong password, counted already: the delays run from now, when the failure is known (a slow check
   * must not eat the wait), unless another attempt has claimed the key since. Keys quiet long enough to be
   * forgotten are deleted as failures come in, so spraying cannot grow the table without end.
   */
  private async recordFailure(claim: Claim): Promise<void> {
    await this.database.pool.query('UPDATE sign_in_failures SET last_failure_at = now() WHERE key = ANY($1) AND last_failure_at = $2', [
      [...claim.previous.keys()],
      claim.claimedAt,
    ]);
    await this.database.pool.query('DELETE FROM sign_in_failures WHERE last_failure_at < now() - make_interval(secs => $1)', [FORGET_AFTER_MS / 1000]);
  }

  /**
   * A right password: clears the attempt's own key and takes back the failure the claim counted on the
   * others (unless another failure came since, the last failure's time goes back to what it was). For a
   * sign-in, remembers this device (a new cookie if it has none) and address for the account.
   */
  private async recordSuccess(origin: Origin, own: AttemptKey, claim: Claim, http: { request: Request; response: Response } | null): Promise<void> {
    const others = [...claim.previous.keys()].filter((key) => key !== own.key);
    await this.database.pool.query('DELETE FROM sign_in_failures WHERE key = $1', [own.key]);
    if (others.length > 0) {
      await this.database.pool.query(
        `UPDATE sign_in_failures f SET failures = f.failures - 1,
           last_failure_at = CASE WHEN f.last_failure_at = $2 THEN COALESCE(p.previous, f.last_failure_at) ELSE f.last_failure_at END
         FROM unnest($1::text[], $3::timestamptz[]) AS p(key, previous) WHERE f.key = p.key`,
        [others, claim.claimedAt, others.map((key) => claim.previous.get(key) ?? null)],
      );
      await this.database.pool.query('DELETE FROM sign_in_failures WHERE key = ANY($1) AND failures <= 0', [others]);
    }
    if (!http) return;
    const { request, response } = http;
    let device = origin.device;
    if (device === null) {
      const cookie = newSecret();
      device = digestOf(cookie);
      const cookieOptions = { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/gantry/auth' } as const;
      response.cookie(DEVICE_COOKIE, cookie, { ...cookieOptions, maxAge: DEVICE_COOKIE_DAYS * 86_400_000 });
    }
    await this.database.pool.query(
      `INSERT INTO sign_in_places (user_id, kind, place)
       SELECT u.id, v.kind, v.place FROM users u, (VALUES ('device', $2), ('address', $3)) AS v(kind, place)
       WHERE u.name = $1 AND u.removed_at IS NULL
       ON CONFLICT (user_id, kind, place) DO UPDATE SET last_success_at = now()`,
      [origin.account, device, origin.address],
    );
  }
}
