import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * This installation's id: made by whichever process starts first (a concurrent first start keeps one, the
 * insert that lost does nothing), then the same for every process on this database. A restored backup keeps it,
 * a copy under another database name gets its own.
 */
export async function installationId(pool: Pool): Promise<string> {
  await pool.query('INSERT INTO gantry_installation (database_name, id) VALUES (current_database(), $1) ON CONFLICT (database_name) DO NOTHING', [
    randomUUID(),
  ]);
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM gantry_installation WHERE database_name = current_database()');
  return rows[0].id;
}
