import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each mission has spent on the model (tokens in and out, calls), shown by the status endpoint. */
export class AddModelUsage1763900000100 implements MigrationInterface {
  name = 'AddModelUsage1763900000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE mission_summary
        ADD COLUMN input_tokens  integer NOT NULL DEFAULT 0,
        ADD COLUMN output_tokens integer NOT NULL DEFAULT 0,
        ADD COLUMN model_calls   integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mission_summary DROP COLUMN input_tokens, DROP COLUMN output_tokens, DROP COLUMN model_calls`);
  }
}
