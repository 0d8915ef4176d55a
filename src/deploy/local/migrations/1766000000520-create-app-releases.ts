import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Locally deployed apps, served by any process: each release names its files' blobs (path to SHA-256),
 * and `app_live` names the release each slug serves, switched in one row update.
 */
export class CreateAppReleases1766000000520 implements MigrationInterface {
  name = 'CreateAppReleases1766000000520';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_releases (
        slug       text NOT NULL,
        release    text NOT NULL,
        digest     text NOT NULL,
        key        text NOT NULL,
        files      jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (slug, release)
      )`);
    await db.query(`
      CREATE TABLE app_live (
        slug    text PRIMARY KEY,
        release text NOT NULL,
        since   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE app_live');
    await db.query('DROP TABLE app_releases');
  }
}
