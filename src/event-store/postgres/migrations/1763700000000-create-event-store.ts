import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first append function (superseded by 1765400000000-streamline-event-appends; its `down` restores this). */
export const APPEND_EVENTS_V1 = `
      CREATE FUNCTION gantry_append_events(
        p_stream text, p_expected_last bigint, p_expected_hash char(64),
        p_event_ids uuid[], p_types text[], p_canonicals text[], p_hashes char(64)[], p_prev_hashes char(64)[]
      ) RETURNS TABLE (appended boolean, last_revision bigint, head_hash char(64), last_xid text, last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        head event_streams%ROWTYPE;
        n int := cardinality(p_event_ids);
        pos bigint;
      BEGIN
        SELECT * INTO head FROM event_streams s WHERE s.stream = p_stream FOR UPDATE;
        IF NOT FOUND THEN
          IF p_expected_last <> -1 THEN
            RETURN QUERY SELECT false, -1::bigint, repeat('0', 64)::char(64), NULL::text, NULL::bigint;
            RETURN;
          END IF;
          INSERT INTO event_streams AS s (stream, last_revision, event_count, head_hash)
            VALUES (p_stream, -1, 0, repeat('0', 64)) ON CONFLICT (stream) DO NOTHING;
          SELECT * INTO head FROM event_streams s WHERE s.stream = p_stream FOR UPDATE;
        END IF;
        IF head.last_revision <> p_expected_last OR head.head_hash <> p_expected_hash THEN
          RETURN QUERY SELECT false, head.last_revision, head.head_hash, NULL::text, NULL::bigint;
          RETURN;
        END IF;
        INSERT INTO events (stream, revision, event_id, type, canonical, hash, prev_hash)
          SELECT p_stream, p_expected_last + i, p_event_ids[i], p_types[i], p_canonicals[i], p_hashes[i], p_prev_hashes[i]
          FROM generate_series(1, n) AS i ORDER BY i;
        SELECT max(e.global_position) INTO pos FROM events e
          WHERE e.stream = p_stream AND e.revision = p_expected_last + n;
        UPDATE event_streams s SET last_revision = p_expected_last + n, event_count = head.event_count + n,
          head_hash = p_hashes[n], updated_at = now() WHERE s.stream = p_stream;
        RETURN QUERY SELECT true, p_expected_last + n, p_hashes[n], pg_current_xact_id()::text, pos;
      END
      $fn$`;

/**
 * The event store: one table of events with their exact canonical bytes and chain hashes, a head per
 * stream (so a cut tail is noticed), and an append function that checks the expected head under the
 * stream's row lock, so that an append is one round trip and there is no global lock.
 */
export class CreateEventStore1763700000000 implements MigrationInterface {
  name = 'CreateEventStore1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_streams (
        stream        text PRIMARY KEY,
        last_revision bigint NOT NULL,
        event_count   bigint NOT NULL,
        head_hash     char(64) NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream          text NOT NULL,
        revision        bigint NOT NULL,
        event_id        uuid NOT NULL,
        type            text NOT NULL,
        canonical       text NOT NULL,
        hash            char(64) NOT NULL,
        prev_hash       char(64) NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision UNIQUE (stream, revision),
        CONSTRAINT events_stream_event_id UNIQUE (stream, event_id)
      )`);
    await db.query(`CREATE INDEX events_global_feed ON events (transaction_id, global_position)`);
    await db.query(`
      CREATE TABLE subscription_checkpoints (
        subscription_id text PRIMARY KEY,
        position        text NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(APPEND_EVENTS_V1);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION gantry_append_events`);
    await db.query(`DROP TABLE subscription_checkpoints`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP TABLE event_streams`);
  }
}
