import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transparency log: one row of state (the tree's size and the feed position integrated up to), a leaf
 * per event with a dense index, every complete subtree's hash (so roots and proofs never rehash leaves),
 * and the signed checkpoints. Rows are only ever added; the integrator fences on the state row.
 */
export class CreateTransparencyLog1764000000000 implements MigrationInterface {
  name = 'CreateTransparencyLog1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE log_state (
        id            boolean PRIMARY KEY DEFAULT true CHECK (id),
        tree_size     bigint NOT NULL,
        feed_position text NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`INSERT INTO log_state (id, tree_size, feed_position) VALUES (true, 0, 'start')`);
    await db.query(`
      CREATE TABLE log_leaves (
        leaf_index    bigint PRIMARY KEY,
        stream        text NOT NULL,
        revision      bigint NOT NULL,
        event_id      text NOT NULL,
        chain_hash    char(64) NOT NULL,
        feed_position text NOT NULL
      )`);
    await db.query(`CREATE INDEX log_leaves_stream ON log_leaves (stream, revision)`);
    await db.query(`CREATE INDEX log_leaves_event_id ON log_leaves (event_id)`);
    await db.query(`
      CREATE TABLE log_nodes (
        level smallint NOT NULL,
        idx   bigint NOT NULL,
        hash  bytea NOT NULL,
        PRIMARY KEY (level, idx)
      )`);
    await db.query(`
      CREATE TABLE log_checkpoints (
        tree_size bigint PRIMARY KEY,
        root      bytea NOT NULL,
        note      text NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE log_witnesses (
        url       text PRIMARY KEY,
        tree_size bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE log_witnesses, log_checkpoints, log_nodes, log_leaves, log_state`);
  }
}
