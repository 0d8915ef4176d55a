import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedCaller } from '../door/caller';
import { ANNOUNCE_ENDED, CREDENTIALS_CHANNEL, CredentialCache, type FoundCredential } from '../door/credential-cache';
import { DATABASE, type Database } from '../../database/database';
import { digestOf, newSecret } from '../credentials/secret-token';

/** Recognisable in a leak report or a secret scanner's rules. */
export const TOKEN_PREFIX = 'gty_';

export interface TokenView {
  id: string;
  name: string;
  created_at: string;
  revoked: boolean;
}

interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toView = (row: TokenRow): TokenView => ({ id: row.id, name: row.name, created_at: row.created_at.toISOString(), revoked: row.revoked_at !== null });

/**
 * API tokens for REST and voice-shortcut clients: shown once at creation, stored as their digest. A token
 * carries the user's credential generation at its creation: a password change revokes it. Lookups go
 * through the credential cache; a revocation is announced to every process in the statement that makes it.
 */
@Injectable()
export class ApiTokenStore {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly cache: CredentialCache,
  ) {}

  async create(userName: string, name: string): Promise<TokenView & { token: string }> {
    const token = newSecret(TOKEN_PREFIX);
    const { rows } = await this.database.pool.query<TokenRow>(
      `INSERT INTO api_tokens (id, user_id, name, token_digest, generation)
       SELECT $1, id, $3, $4, credential_generation FROM users WHERE name = $2 AND removed_at IS NULL
       RETURNING id, name, created_at, revoked_at`,
      [randomUUID(), userName, name, digestOf(token)],
    );
    if (!rows[0]) throw new NotFoundException(`No user named ${userName}`);
    return { ...toView(rows[0]), token };
  }

  async caller(token: string): Promise<AuthenticatedCaller | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const digest = digestOf(token);
    return this.cache.caller(`token:${digest}`, () => this.lookUp(digest));
  }

  private async lookUp(digest: string): Promise<FoundCredential | null> {
    const { rows } = await this.database.pool.query<{ name: string; admin: boolean }>(
      `SELECT u.name, u.admin FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_digest = $1 AND t.revoked_at IS NULL AND t.generation = u.credential_generation AND u.removed_at IS NULL`,
      [digest],
    );
    return rows[0] ? { caller: { name: rows[0].name, admin: rows[0].admin, via: 'token' } } : null;
  }

  async listOf(userName: string): Promise<TokenView[]> {
    const { rows } = await this.database.pool.query<TokenRow>(
      `SELECT t.id, t.name, t.created_at,
              CASE WHEN t.generation = u.credential_generation THEN t.revoked_at ELSE COALESCE(t.revoked_at, now()) END AS revoked_at
       FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE u.name = $1 ORDER BY t.created_at, t.id`,
      [userName],
    );
    return rows.map(toView);
  }

  /** Revokes one of the user's own tokens; another user's token id is answered as unknown. */
  async revoke(userName: string, tokenId: string): Promise<void> {
    const { rowCount } = await this.database.pool.query(
      `WITH ended AS (UPDATE api_tokens t SET revoked_at = COALESCE(t.revoked_at, now()) FROM users u
                      WHERE t.id = $3 AND t.user_id = u.id AND u.name = $2 RETURNING u.name)
       ${ANNOUNCE_ENDED}`,
      [CREDENTIALS_CHANNEL, userName, tokenId],
    );
    this.cache.forgetUser(userName);
    if (rowCount === 0) throw new NotFoundException(`No token ${tokenId}`);
  }
}
