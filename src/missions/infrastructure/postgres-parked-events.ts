import type { Pool } from 'pg';
import type { NewParkedEvent, ParkedEvent, ParkedEvents } from '../ports/parked-events.port';

interface Row {
  checkpoint: string;
  position: string;
  stream: string;
  revision: string;
  event_id: string;
  type: string;
  error: string;
  failures: number;
  parked_at: Date;
}

/** An error as stored: one line, bounded, and never a character PostgreSQL's text refuses. */
const ERROR_LIMIT = 2_000;
function storedError(error: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to remove them
  return error.replace(/[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udfff]/g, '\ufffd').slice(0, ERROR_LIMIT);
}

export class PostgresParkedEvents implements ParkedEvents {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  async park(event: NewParkedEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO parked_events (checkpoint, position, stream, revision, event_id, type, error, failures)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (checkpoint, position) DO UPDATE SET error = $7, failures = parked_events.failures + $8`,
      [event.checkpoint, event.position, event.stream, event.revision, event.eventId, event.type, storedError(event.error), event.failures],
    );
  }

  async list(checkpoints?: readonly string[]): Promise<ParkedEvent[]> {
    const { rows } = checkpoints
      ? await this.db.query<Row>('SELECT * FROM parked_events WHERE checkpoint = ANY($1) ORDER BY checkpoint, parked_at, position', [checkpoints])
      : await this.db.query<Row>('SELECT * FROM parked_events ORDER BY checkpoint, parked_at, position');
    return rows.map((row) => ({
      checkpoint: row.checkpoint,
      position: row.position,
      stream: row.stream,
      revision: Number(row.revision),
      eventId: row.event_id,
      type: row.type,
      error: row.error,
      failures: row.failures,
      parkedAt: row.parked_at,
    }));
  }

  async counts(): Promise<ReadonlyMap<string, number>> {
    const { rows } = await this.db.query<{ checkpoint: string; count: string }>('SELECT checkpoint, count(*) AS count FROM parked_events GROUP BY checkpoint');
    return new Map(rows.map(({ checkpoint, count }) => [checkpoint, Number(count)]));
  }

  async remove(checkpoint: string, position: string): Promise<void> {
    await this.db.query('DELETE FROM parked_events WHERE checkpoint = $1 AND position = $2', [checkpoint, position]);
  }

  async clear(checkpoints: readonly string[]): Promise<void> {
    await this.db.query('DELETE FROM parked_events WHERE checkpoint = ANY($1)', [checkpoints]);
  }
}
