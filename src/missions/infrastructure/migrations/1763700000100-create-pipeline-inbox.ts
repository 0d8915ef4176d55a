import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missions the pipeline must look at. The saga's feed subscription adds a row (bumping its version) for
 * each mission event; the worker removes it only when the mission needs nothing more at that version, so
 * a restart finds every mission that was mid-pipeline. A worker leases a row while it advances the mission
 * (renewing the lease as it goes), so two processes never run the same mission, and a crashed process's
 * lease simply runs out.
 */
export class CreatePipelineInbox1763700000100 implements MigrationInterface {
  name = 'CreatePipelineInbox1763700000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pipeline_inbox (
        mission_id  uuid PRIMARY KEY,
        version     bigint NOT NULL DEFAULT 1,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        leased_by   text,
        leased_until timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE pipeline_inbox');
  }
}
