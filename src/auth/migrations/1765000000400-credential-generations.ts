import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials that end together, and sign-in throttling. A user's credential generation goes up whenever
 * their password changes (through the password route, or the operator's GANTRY_PASSWORD at a restart);
 * a session or token is honoured only while it carries the generation it was issued under, so one update
 * ends every older session and token at once, even one issued by a sign-in that raced the change.
 * `bootstrap_hash` remembers which operator setting was applied last, so a restart with the same
 * GANTRY_PASSWORD does not undo a change made through the route. Sign-in failures are counted per key
 * (an account at an address, a known device, an account, an address) so that delays survive a restart and
 * hold across processes; `sign_in_places` are the devices and addresses an account signed in from before.
 */
export class CredentialGenerations1765000000400 implements MigrationInterface {
  name = 'CredentialGenerations1765000000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN credential_generation integer NOT NULL DEFAULT 1, ADD COLUMN bootstrap_hash text');
    await db.query('ALTER TABLE sessions ADD COLUMN generation integer NOT NULL DEFAULT 1');
    await db.query('ALTER TABLE api_tokens ADD COLUMN generation integer NOT NULL DEFAULT 1');
    await db.query(`
      CREATE TABLE sign_in_failures (
        key             text PRIMARY KEY,
        failures        integer NOT NULL,
        last_failure_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE sign_in_places (
        user_id         uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind            text NOT NULL CHECK (kind IN ('device', 'address')),
        place           text NOT NULL,
        last_success_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind, place)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sign_in_places');
    await db.query('DROP TABLE sign_in_failures');
    await db.query('ALTER TABLE api_tokens DROP COLUMN generation');
    await db.query('ALTER TABLE sessions DROP COLUMN generation');
    await db.query('ALTER TABLE users DROP COLUMN bootstrap_hash, DROP COLUMN credential_generation');
  }
}
