import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, sessions and API tokens. Passwords are argon2id hashes; session ids and tokens are kept only as
 * the SHA-256 of their 256-bit random value. A removed user keeps their row (removed_at) so that their
 * name, which their missions carry as owner, is never given to someone else.
 */
export class CreateAuth1763900000000 implements MigrationInterface {
  name = 'CreateAuth1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY,
        name          text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        admin         boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        removed_at    timestamptz
      )`);
    await db.query('CREATE UNIQUE INDEX users_single_admin ON users (admin) WHERE admin');
    await db.query(`
      CREATE TABLE sessions (
        id_digest  text PRIMARY KEY,
        user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX sessions_by_expiry ON sessions (expires_at)');
    await db.query(`
      CREATE TABLE api_tokens (
        id           uuid PRIMARY KEY,
        user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name         text NOT NULL,
        token_digest text NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz
      )`);
    await db.query('CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE api_tokens');
    await db.query('DROP TABLE sessions');
    await db.query('DROP TABLE users');
  }
}
