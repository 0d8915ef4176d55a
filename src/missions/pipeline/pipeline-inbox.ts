import type { Pool } from 'pg';

export interface InboxEntry {
  missionId: string;
  version: number;
}

/** The durable list of missions the pipeline worker still has to advance. */
export class PipelineInbox {
  constructor(private readonly pool: Pool) {}

  async enqueue(missionId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO pipeline_inbox (mission_id) VALUES ($1)
       ON CONFLICT (mission_id) DO UPDATE SET version = pipeline_inbox.version + 1, enqueued_at = now()`,
      [missionId],
    );
  }

  async pending(limit: number): Promise<InboxEntry[]> {
    const { rows } = await this.pool.query<{ mission_id: string; version: string }>(
      'SELECT mission_id, version FROM pipeline_inbox ORDER BY enqueued_at LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({ missionId: row.mission_id, version: Number(row.version) }));
  }

  /** Removes the entry unless the mission was enqueued again while it was being advanced. */
  async done(entry: InboxEntry): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM pipeline_inbox WHERE mission_id = $1 AND version = $2', [entry.missionId, entry.version]);
    return result.rowCount === 1;
  }

  /** Runs `work` only if no other process is advancing the same mission; false when it is busy elsewhere. */
  async exclusively(missionId: string, work: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('pipeline:' || $1)) AS locked", [missionId]);
      if (!rows[0].locked) return false;
      try {
        await work();
        return true;
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext('pipeline:' || $1))", [missionId]);
      }
    } finally {
      client.release();
    }
  }
}
