import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DATABASE, type Database } from '../../database/database';
import { digestOf } from '../credentials/secret-token';

export const DEVICE_COOKIE = 'gantry_device';
export const SIGN_IN_PATH = '/gantry/auth';

/** The digest of the request's device cookie, when it sent a well-formed one. */
export function deviceOf(request: Request): string | null {
  const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[DEVICE_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? digestOf(value) : null;
}

/** The browsers that signed in before, known by the digest of their device cookie (`sign_in_places`). */
@Injectable()
export class KnownDevices {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Whether the request carries the device cookie of a browser that signed in to an account before. */
  async sentBy(request: Request): Promise<boolean> {
    const device = deviceOf(request);
    if (device === null) return false;
    const { rowCount } = await this.database.pool.query(
      `SELECT 1 FROM sign_in_places p JOIN users u ON u.id = p.user_id WHERE p.kind = 'device' AND p.place = $1 AND u.removed_at IS NULL LIMIT 1`,
      [device],
    );
    return (rowCount ?? 0) > 0;
  }
}
