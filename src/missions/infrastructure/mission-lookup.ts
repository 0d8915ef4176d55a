import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../../database/database';

/** The few questions commands ask of the read model: which missions a caller has. */
@Injectable()
export class MissionLookup {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The caller's newest consultation that still waits for them, if any. */
  async openConsultationOf(owner: string): Promise<string | null> {
    const { rows } = await this.database.pool.query<{ mission_id: string }>(
      `SELECT mission_id FROM mission_summary
       WHERE owner = $1 AND NOT archived AND status IN ('CONSULTING', 'AWAITING_INPUT')
       ORDER BY created_at DESC, mission_id LIMIT 1`,
      [owner],
    );
    return rows[0]?.mission_id ?? null;
  }

  async unarchivedMissionsOf(owner: string): Promise<string[]> {
    const { rows } = await this.database.pool.query<{ mission_id: string }>(
      'SELECT mission_id FROM mission_summary WHERE owner = $1 AND NOT archived ORDER BY created_at',
      [owner],
    );
    return rows.map((row) => row.mission_id);
  }
}
