import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in failure counts quiet for an hour are deleted as new failures come in: found by their age. */
export class SignInFailuresByAge1765000000401 implements MigrationInterface {
  name = 'SignInFailuresByAge1765000000401';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX IF NOT EXISTS sign_in_failures_by_age ON sign_in_failures (last_failure_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX IF EXISTS sign_in_failures_by_age');
  }
}
