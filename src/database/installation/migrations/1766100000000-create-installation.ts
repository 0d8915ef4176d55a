import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which Gantry installation this database is: an id made at first start (installation-id.ts), keyed by the
 * database's name so that a copy made under another name (CREATE DATABASE ... TEMPLATE) is an installation of
 * its own. Sandbox containers carry it, so that installations sharing a Docker engine never reap each other's.
 */
export class CreateInstallation1766100000000 implements MigrationInterface {
  name = 'CreateInstallation1766100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE gantry_installation (
        database_name text PRIMARY KEY,
        id            uuid NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE gantry_installation');
  }
}
