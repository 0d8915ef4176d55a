import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '../door/caller';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { DATABASE, type Database } from '../../database/database';
import { digestOf, newSecret } from '../credentials/secret-token';

export interface NewSession {
  /** The cookie value: handed to the browser once, stored only as its digest. */
  id: string;
  expiresAt: Date;
}

/**
 * Browser sessions in PostgreSQL, with a fixed lifetime from sign-in (no sliding renewal). A session carries
 * the user's credential generation it was opened under and ends when a password change moves it on.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {}

  /** `generation`: the user's credential generation the password was checked against. */
  async open(userId: string, generation: number): Promise<NewSession> {
    const id = newSecret();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMs);
    await this.database.pool.query('DELETE FROM sessions WHERE expires_at < now()');
    await this.database.pool.query('INSERT INTO sessions (id_digest, user_id, expires_at, generation) VALUES ($1, $2, $3, $4)', [
      digestOf(id),
      userId,
      expiresAt,
      generation,
    ]);
    return { id, expiresAt };
  }

  /** The session's user while it is unexpired, of the user's current credential generation, and the user is not removed. */
  async caller(id: string): Promise<AuthenticatedCaller | null> {
    const { rows } = await this.database.pool.query<{ name: string; admin: boolean }>(
      `SELECT u.name, u.admin FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_digest = $1 AND s.expires_at > now() AND s.generation = u.credential_generation AND u.removed_at IS NULL`,
      [digestOf(id)],
    );
    return rows[0] ? { name: rows[0].name, admin: rows[0].admin, via: 'session' } : null;
  }

  async close(id: string): Promise<void> {
    await this.database.pool.query('DELETE FROM sessions WHERE id_digest = $1', [digestOf(id)]);
  }
}
