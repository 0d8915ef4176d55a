import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../../database/database';
import { inPoolTransaction } from '../../database/pool-transaction';
import { ANNOUNCE_ENDED, CREDENTIALS_CHANNEL, CredentialCache } from '../door/credential-cache';

export interface StoredUser {
  id: string;
  name: string;
  passwordHash: string;
  admin: boolean;
  createdAt: Date;
  /** Goes up with every password change; sessions and tokens of an older generation are not honoured. */
  generation: number;
  /** The operator's setting (GANTRY_PASSWORD as a hash, or GANTRY_PASSWORD_HASH) applied last; admin only. */
  bootstrapHash: string | null;
}

interface UserRow {
  id: string;
  name: string;
  password_hash: string;
  admin: boolean;
  created_at: Date;
  credential_generation: number;
  bootstrap_hash: string | null;
}

const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  admin: row.admin,
  createdAt: row.created_at,
  generation: row.credential_generation,
  bootstrapHash: row.bootstrap_hash,
});

/**
 * The users table. Removed users keep their row, so a name is never reused. A password change and a
 * removal end the user's credentials and announce it to every process (see CredentialCache).
 */
@Injectable()
export class UserStore {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly cache: CredentialCache,
  ) {}

  async active(name: string): Promise<StoredUser | null> {
    const { rows } = await this.database.pool.query<UserRow>('SELECT * FROM users WHERE name = $1 AND removed_at IS NULL', [name]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async list(): Promise<StoredUser[]> {
    const { rows } = await this.database.pool.query<UserRow>('SELECT * FROM users WHERE removed_at IS NULL ORDER BY created_at, name');
    return rows.map(toUser);
  }

  /** False when the name is taken, now or by a removed user. */
  async insert(name: string, passwordHash: string, admin: boolean, bootstrapHash: string | null = null): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      'INSERT INTO users (id, name, password_hash, admin, bootstrap_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [randomUUID(), name, passwordHash, admin, bootstrapHash],
    );
    return rowCount === 1;
  }

  async admin(): Promise<StoredUser | null> {
    const { rows } = await this.database.pool.query<UserRow>('SELECT * FROM users WHERE admin');
    return rows[0] ? toUser(rows[0]) : null;
  }

  /**
   * A new password: the credential generation goes up, so every session and token issued before ends now.
   * `expectedGeneration` makes it a compare-and-set: false when another change got there first.
   */
  async changePassword(userId: string, passwordHash: string, expectedGeneration: number): Promise<boolean> {
    const { rows } = await this.database.pool.query<{ name: string }>(
      `WITH ended AS (UPDATE users SET password_hash = $3, credential_generation = credential_generation + 1
                      WHERE id = $2 AND credential_generation = $4 RETURNING name)
       ${ANNOUNCE_ENDED}`,
      [CREDENTIALS_CHANNEL, userId, passwordHash, expectedGeneration],
    );
    rows.forEach((row) => this.cache.forgetUser(row.name));
    return rows.length === 1;
  }

  /** The operator's password setting (as a hash) has been applied: a restart with the same setting changes nothing. */
  async recordBootstrap(userId: string, bootstrapHash: string): Promise<void> {
    await this.database.pool.query('UPDATE users SET bootstrap_hash = $2 WHERE id = $1', [userId, bootstrapHash]);
  }

  /** Removes a user and, in the same transaction, ends their sessions and revokes their tokens. */
  async remove(userId: string): Promise<void> {
    const rows = await inPoolTransaction(this.database.pool, async (client) => {
      const ended = await client.query<{ name: string }>(`WITH ended AS (UPDATE users SET removed_at = now() WHERE id = $2 RETURNING name) ${ANNOUNCE_ENDED}`, [
        CREDENTIALS_CHANNEL,
        userId,
      ]);
      await client.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await client.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
      return ended.rows;
    });
    rows.forEach((row) => this.cache.forgetUser(row.name));
  }
}
