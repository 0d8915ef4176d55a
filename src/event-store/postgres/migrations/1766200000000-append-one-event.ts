import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = 'gantry_append_event(text, bigint, char(64), uuid, text, text, char(64))';

/**
 * Most appends carry one event. This function takes it as plain values: the client sends no array literals
 * (no escaping of the canonical JSON into one), the server parses none and needs no unnest, and the INSERT
 * returns the position directly. The same statement shape and guarantees as `gantry_append_events`: one
 * round trip, the head checked and advanced by one conditional UPDATE under the stream's own row lock, the
 * event id unique, the writing transaction id returned for the late-commit-safe feed.
 */
export class AppendOneEvent1766200000000 implements MigrationInterface {
  name = 'AppendOneEvent1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION gantry_append_event(
        p_stream text, p_expected_last bigint, p_expected_hash char(64),
        p_event_id uuid, p_type text, p_canonical text, p_hash char(64),
        OUT appended boolean, OUT last_revision bigint, OUT head_hash char(64), OUT last_xid text, OUT last_position bigint
      ) LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      BEGIN
        IF p_expected_last = -1 THEN
          INSERT INTO event_streams (stream, last_revision, event_count, head_hash)
            VALUES (p_stream, -1, 0, repeat('0', 64)) ON CONFLICT (stream) DO NOTHING;
        END IF;
        UPDATE event_streams s SET last_revision = p_expected_last + 1, event_count = s.event_count + 1,
            head_hash = p_hash, updated_at = now()
          WHERE s.stream = p_stream AND s.last_revision = p_expected_last AND s.head_hash = p_expected_hash;
        IF NOT FOUND THEN
          -- The head moved (or the stream is not there): report where it is, write nothing.
          appended := false;
          SELECT s.last_revision, s.head_hash INTO last_revision, head_hash FROM event_streams s WHERE s.stream = p_stream;
          IF NOT FOUND THEN
            last_revision := -1;
            head_hash := repeat('0', 64);
          END IF;
          RETURN;
        END IF;
        INSERT INTO events (stream, revision, event_id, type, canonical, hash)
          VALUES (p_stream, p_expected_last + 1, p_event_id, p_type, p_canonical, p_hash)
          RETURNING global_position INTO last_position;
        appended := true;
        last_revision := p_expected_last + 1;
        head_hash := p_hash;
        last_xid := pg_current_xact_id()::text;
      END
      $fn$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION ${SIGNATURE}`);
  }
}
