import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which blob each evidence file of a mission's pack holds now (a pack's path may be rewritten: bundle.json, audit.jsonl). */
export class CreateEvidenceFiles1766000000510 implements MigrationInterface {
  name = 'CreateEvidenceFiles1766000000510';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evidence_files (
        mission_id uuid NOT NULL,
        path       text NOT NULL,
        sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size       bigint NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mission_id, path)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE evidence_files');
  }
}
