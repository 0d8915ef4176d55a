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
  const id = await recordedInstallationId(pool);
  if (id === null) throw new Error('gantry_installation holds no id for this database after inserting one');
  return id;
}

/** The id a first start recorded for this database, or null before any. */
export async function recordedInstallationId(pool: Pick<Pool, 'query'>): Promise<string | null> {
  const { rows } = await pool.query<{ id: string }>('SELECT id::text FROM gantry_installation WHERE database_name = current_database()');
  return rows[0]?.id ?? null;
}
