import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content-addressed blobs: one row per blob (its SHA-256, size and number of chunks) and its bytes in
 * chunks of at most 1 MiB, so a large file never becomes one huge value (TOAST would take it, but every
 * read and write would move it whole through one protocol message).
 */
export class CreateBlobs1766000000500 implements MigrationInterface {
  name = 'CreateBlobs1766000000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE blob_chunks (
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        seq    integer NOT NULL CHECK (seq >= 0),
        bytes  bytea NOT NULL,
        PRIMARY KEY (sha256, seq)
      )`);
    await db.query(`
      CREATE TABLE blobs (
        sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size       bigint NOT NULL CHECK (size >= 0),
        chunks     integer NOT NULL CHECK (chunks >= 1),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE blobs');
    await db.query('DROP TABLE blob_chunks');
  }
}
