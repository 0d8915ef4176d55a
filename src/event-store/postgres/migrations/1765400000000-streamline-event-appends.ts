import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_EVENTS_V1 } from './1763700000000-create-event-store';

const OLD_SIGNATURE = 'gantry_append_events(text, bigint, char(64), uuid[], text[], text[], char(64)[], char(64)[])';
const NEW_SIGNATURE = 'gantry_append_events(text, bigint, char(64), uuid[], text[], text[], char(64)[])';

/**
 * Cheaper appends, same guarantees. Per event: one index fewer (the global position's own primary key;
 * the feed reads by (transaction id, position), the stream by (stream, revision)), no second copy of the
 * previous hash (it is inside the hashed bytes; the column stays for rows written before, now nullable).
 * Per append: the head is checked and advanced by one conditional UPDATE instead of a locking SELECT then an
 * UPDATE, the position comes back from the INSERT itself, and stream heads leave room on their pages so the
 * update stays on the page (a HOT update, no index entry). Still one statement, one round trip, the lock
 * only on the stream's own head row.
 */
export class StreamlineEventAppends1765400000000 implements MigrationInterface {
  name = 'StreamlineEventAppends1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE events DROP CONSTRAINT events_pkey');
    await db.query('ALTER TABLE events ALTER COLUMN prev_hash DROP NOT NULL');
    await db.query('ALTER TABLE event_streams SET (fillfactor = 50)');
    await db.query(`DROP FUNCTION ${OLD_SIGNATURE}`);
    await db.query(`
      CREATE FUNCTION gantry_append_events(
        p_stream text, p_expected_last bigint, p_expected_hash char(64),
        p_event_ids uuid[], p_types text[], p_canonicals text[], p_hashes char(64)[],
        OUT appended boolean, OUT last_revision bigint, OUT head_hash char(64), OUT last_xid text, OUT last_position bigint
      ) LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        n int := cardinality(p_event_ids);
      BEGIN
        IF p_expected_last = -1 THEN
          INSERT INTO event_streams (stream, last_revision, event_count, head_hash)
            VALUES (p_stream, -1, 0, repeat('0', 64)) ON CONFLICT (stream) DO NOTHING;
        END IF;
        -- Takes the stream's row lock; a concurrent append to the same stream waits, then finds the head moved.
        UPDATE event_streams s SET last_revision = p_expected_last + n, event_count = s.event_count + n,
            head_hash = p_hashes[n], updated_at = now()
          WHERE s.stream = p_stream AND s.last_revision = p_expected_last AND s.head_hash = p_expected_hash;
        IF NOT FOUND THEN
          appended := false;
          SELECT s.last_revision, s.head_hash INTO last_revision, head_hash FROM event_streams s WHERE s.stream = p_stream;
          IF NOT FOUND THEN
            last_revision := -1;
            head_hash := repeat('0', 64);
          END IF;
          RETURN;
        END IF;
        WITH inserted AS (
          INSERT INTO events (stream, revision, event_id, type, canonical, hash)
            SELECT p_stream, p_expected_last + e.i, e.id, e.type, e.canonical, e.hash
            FROM unnest(p_event_ids, p_types, p_canonicals, p_hashes) WITH ORDINALITY AS e(id, type, canonical, hash, i)
            ORDER BY e.i
            RETURNING global_position
        ) SELECT max(global_position) INTO last_position FROM inserted;
        appended := true;
        last_revision := p_expected_last + n;
        head_hash := p_hashes[n];
        last_xid := pg_current_xact_id()::text;
      END
      $fn$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION ${NEW_SIGNATURE}`);
    await db.query('ALTER TABLE event_streams RESET (fillfactor)');
    await db.query('UPDATE events SET prev_hash = canonical::jsonb ->> $1 WHERE prev_hash IS NULL', ['prevHash']);
    await db.query('ALTER TABLE events ALTER COLUMN prev_hash SET NOT NULL');
    await db.query('ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (global_position)');
    await db.query(APPEND_EVENTS_V1);
  }
}
