import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The isolation tier of each mission's latest build attempt, shown by the status endpoint. */
export class AddSandboxTier1764000000300 implements MigrationInterface {
  name = 'AddSandboxTier1764000000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mission_summary ADD COLUMN sandbox_tier text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mission_summary DROP COLUMN sandbox_tier`);
  }
}
