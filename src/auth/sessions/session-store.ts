import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '../door/caller';
import { ANNOUNCE_ENDED, CREDENTIALS_CHANNEL, CredentialCache, type FoundCredential } from '../door/credential-cache';
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
 * Lookups go through the credential cache (never past the session's expiry); closing one is announced to
 * every process in the statement that deletes it.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    private readonly cache: CredentialCache,
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
    const digest = digestOf(id);
    return this.cache.caller(`session:${digest}`, () => this.lookUp(digest));
  }

  private async lookUp(digest: string): Promise<FoundCredential | null> {
    const { rows } = await this.database.pool.query<{ name: string; admin: boolean; expires_at: Date }>(
      `SELECT u.name, u.admin, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_digest = $1 AND s.expires_at > now() AND s.generation = u.credential_generation AND u.removed_at IS NULL`,
      [digest],
    );
    const row = rows[0];
    return row ? { caller: { name: row.name, admin: row.admin, via: 'session' }, validUntil: row.expires_at.getTime() } : null;
  }

  async close(id: string): Promise<void> {
    const { rows } = await this.database.pool.query<{ name: string }>(
      `WITH ended AS (DELETE FROM sessions s USING users u WHERE s.id_digest = $2 AND u.id = s.user_id RETURNING u.name)
       ${ANNOUNCE_ENDED}`,
      [CREDENTIALS_CHANNEL, digestOf(id)],
    );
    rows.forEach((row) => this.cache.forgetUser(row.name));
  }
}
