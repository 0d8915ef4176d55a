import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects and their versions (read/projects/): one row per version, rebuilt from the events like every read model. */
export class CreateProjectVersions1765000000000 implements MigrationInterface {
  name = 'CreateProjectVersions1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE project_version (
        mission_id        uuid PRIMARY KEY,
        project_id        uuid NOT NULL,
        version           integer NOT NULL,
        parent_mission_id uuid,
        parent_head_hash  text,
        owner             text NOT NULL,
        channel           text NOT NULL,
        request           text NOT NULL,
        project_name      text,
        status            text NOT NULL,
        speech            text NOT NULL,
        url               text,
        pr_url            text,
        features          text[] NOT NULL DEFAULT '{}',
        archived          boolean NOT NULL DEFAULT false,
        live_since        timestamptz,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL,
        last_revision     integer NOT NULL
      )`);
    await db.query(`CREATE INDEX project_version_by_project ON project_version (project_id, version)`);
    await db.query(`CREATE INDEX project_version_by_owner ON project_version (owner, created_at DESC) WHERE version = 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE project_version`);
  }
}
