import type { Pool } from 'pg';

/** Which blob each path of a mission's evidence pack names now. */
export interface EvidenceIndex {
  record(missionId: string, path: string, sha256: string, size: number): Promise<void>;
  lookup(missionId: string, path: string): Promise<string | null>;
  /** Every mission with at least one evidence file. */
  missions(): Promise<string[]>;
}

export class PostgresEvidenceIndex implements EvidenceIndex {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  async record(missionId: string, path: string, sha256: string, size: number): Promise<void> {
    await this.db.query(
      `INSERT INTO evidence_files (mission_id, path, sha256, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mission_id, path) DO UPDATE SET sha256 = $3, size = $4, written_at = now()`,
      [missionId, path, sha256, size],
    );
  }

  async lookup(missionId: string, path: string): Promise<string | null> {
    const { rows } = await this.db.query<{ sha256: string }>('SELECT sha256 FROM evidence_files WHERE mission_id = $1 AND path = $2', [missionId, path]);
    return rows[0]?.sha256 ?? null;
  }

  async missions(): Promise<string[]> {
    const { rows } = await this.db.query<{ mission_id: string }>('SELECT DISTINCT mission_id FROM evidence_files ORDER BY mission_id');
    return rows.map((row) => row.mission_id);
  }
}
