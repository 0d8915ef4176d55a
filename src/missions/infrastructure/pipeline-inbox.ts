import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';

export interface InboxEntry {
  missionId: string;
  version: number;
}

/** Names this process's worker in the leases: host and pid, plus a random part since pids are reused. */
export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The durable list of missions the pipeline still has to advance, with leases so only one worker runs each. */
export class PipelineInbox {
  constructor(
    private readonly pool: Pool,
    private readonly worker: string,
    private readonly leaseMs: number,
  ) {}

  async enqueue(missionId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO pipeline_inbox (mission_id) VALUES ($1)
       ON CONFLICT (mission_id) DO UPDATE SET version = pipeline_inbox.version + 1, enqueued_at = now()`,
      [missionId],
    );
  }

  /** Entries no live worker holds, oldest first. */
  async pending(limit: number): Promise<InboxEntry[]> {
    const { rows } = await this.pool.query<{ mission_id: string; version: string }>(
      `SELECT mission_id, version FROM pipeline_inbox
       WHERE leased_until IS NULL OR leased_until < now() OR leased_by = $2
       ORDER BY enqueued_at LIMIT $1`,
      [limit, this.worker],
    );
    return rows.map((row) => ({ missionId: row.mission_id, version: Number(row.version) }));
  }

  /** Takes (or renews) the lease on a mission; false when another worker holds it. */
  async lease(missionId: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE pipeline_inbox SET leased_by = $2, leased_until = now() + make_interval(secs => $3::double precision / 1000)
       WHERE mission_id = $1 AND (leased_until IS NULL OR leased_until < now() OR leased_by = $2)`,
      [missionId, this.worker, this.leaseMs],
    );
    return result.rowCount === 1;
  }

  /** Removes the entry unless the mission was enqueued again meanwhile; then only the lease is let go. */
  async done(entry: InboxEntry): Promise<void> {
    const removed = await this.pool.query('DELETE FROM pipeline_inbox WHERE mission_id = $1 AND version = $2 AND leased_by = $3', [
      entry.missionId,
      entry.version,
      this.worker,
    ]);
    if (removed.rowCount === 0) await this.release(entry.missionId);
  }

  /** Lets go of a mission; with a delay, no worker takes it again before then (a backoff after an error). */
  async release(missionId: string, delayMs = 0): Promise<void> {
    await this.pool.query(
      `UPDATE pipeline_inbox SET leased_by = NULL,
         leased_until = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::double precision / 1000) END
       WHERE mission_id = $1 AND leased_by = $2`,
      [missionId, this.worker, delayMs],
    );
  }

  /** On shutdown: what this worker still held is free for the next one at once. */
  async releaseAll(): Promise<void> {
    await this.pool.query('UPDATE pipeline_inbox SET leased_by = NULL, leased_until = NULL WHERE leased_by = $1', [this.worker]);
  }
}
