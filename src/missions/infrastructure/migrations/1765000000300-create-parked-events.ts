import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events a feed processor could not handle (a projection, the pipeline, the audit export), set aside so
 * that the events after them keep flowing: one row per checkpoint and position, with the error.
 */
export class CreateParkedEvents1765000000300 implements MigrationInterface {
  name = 'CreateParkedEvents1765000000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE parked_events (
        checkpoint text NOT NULL,
        position   text NOT NULL,
        stream     text NOT NULL,
        revision   bigint NOT NULL,
        event_id   text NOT NULL,
        type       text NOT NULL,
        error      text NOT NULL,
        failures   integer NOT NULL,
        parked_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (checkpoint, position)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE parked_events');
  }
}
