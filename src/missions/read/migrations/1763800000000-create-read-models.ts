import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mission read models (projections/): summary, consultation and timeline. Their rows are derived
 * from events only, so a rebuild truncates them and replays; the projections' checkpoints live in
 * `subscription_checkpoints` as `projection:<name>`.
 */
export class CreateReadModels1763800000000 implements MigrationInterface {
  name = 'CreateReadModels1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mission_summary (
        mission_id     uuid PRIMARY KEY,
        owner          text NOT NULL,
        mode           text NOT NULL,
        channel        text NOT NULL,
        prompt         text NOT NULL,
        status         text NOT NULL,
        speech         text NOT NULL,
        url            text,
        pr_url         text,
        attempts       integer NOT NULL DEFAULT 0,
        run            integer NOT NULL DEFAULT 0,
        design_target  text,
        failure_reason text,
        failure_stage  text,
        archived       boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        last_revision  integer NOT NULL
      )`);
    await db.query(`CREATE INDEX mission_summary_by_owner ON mission_summary (owner, created_at DESC, mission_id DESC)`);
    await db.query(`CREATE INDEX mission_summary_by_created ON mission_summary (created_at DESC, mission_id DESC)`);
    await this.createPromptSearchIndex(db);
    await db.query(`
      CREATE TABLE consultation_view (
        mission_id           uuid PRIMARY KEY,
        status               text NOT NULL,
        prompt               text NOT NULL,
        speech               text NOT NULL,
        conversation_history jsonb NOT NULL DEFAULT '[]',
        pending_question     text,
        design_target        text,
        proposed_stack       text,
        features             jsonb NOT NULL DEFAULT '[]',
        last_revision        integer NOT NULL
      )`);
    await db.query(`
      CREATE TABLE mission_timeline (
        mission_id   uuid NOT NULL,
        revision     integer NOT NULL,
        type         text NOT NULL,
        occurred_at  timestamptz NOT NULL,
        status_after text NOT NULL,
        summary      text NOT NULL,
        hash         char(64) NOT NULL,
        PRIMARY KEY (mission_id, revision)
      )`);
  }

  /**
   * Prompt search is ILIKE '%word%' plus a word-boundary regex, which a trigram index serves. pg_trgm ships
   * with PostgreSQL (and the embedded server) and is a trusted extension; where it cannot be created
   * (a managed server without it, a role without CREATE), search still works, unindexed.
   */
  private async createPromptSearchIndex(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX mission_summary_prompt_trgm ON mission_summary USING gin (prompt gin_trgm_ops);
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'mission_summary: no trigram index on prompt (%); search runs unindexed', SQLERRM;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mission_timeline`);
    await db.query(`DROP TABLE consultation_view`);
    await db.query(`DROP TABLE mission_summary`);
    await db.query(`DELETE FROM subscription_checkpoints WHERE subscription_id LIKE 'projection:%'`);
  }
}
