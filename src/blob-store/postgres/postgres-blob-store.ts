import type { Pool, PoolClient } from 'pg';
import { inPoolTransaction } from '../../database/pool-transaction';
import { sha256 } from '../../kernel/sha256';
import { BLOB_KEY, BlobCorruptedError, BlobTooLargeError, MAX_BLOB_BYTES, type BlobStore } from '../../missions/ports/blob-store.port';

export const CHUNK_BYTES = 1024 * 1024;

/** One statement, so a blob of one chunk is stored atomically without a transaction's round trips. */
const PUT_ONE_CHUNK = `
  WITH chunk AS (INSERT INTO blob_chunks (sha256, seq, bytes) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING)
  INSERT INTO blobs (sha256, size, chunks) VALUES ($1, $3, 1) ON CONFLICT DO NOTHING`;

/**
 * Blobs in PostgreSQL (`blobs` and `blob_chunks`). The `blobs` row is written last, in the same
 * transaction as the chunks, so a blob is either whole or absent; concurrent puts of the same bytes
 * both succeed (ON CONFLICT DO NOTHING), and a get checks the bytes against the name before answering.
 */
export class PostgresBlobStore implements BlobStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: Pool) {}

  async put(bytes: Buffer): Promise<string> {
    if (bytes.length > MAX_BLOB_BYTES) throw new BlobTooLargeError(bytes.length);
    const key = sha256(bytes);
    if (bytes.length <= CHUNK_BYTES) {
      await this.pool.query(PUT_ONE_CHUNK, [key, bytes, bytes.length]);
      return key;
    }
    if (await this.has(key)) return key;
    await inPoolTransaction(this.pool, async (client) => {
      await insertChunks(client, key, bytes);
      await client.query('INSERT INTO blobs (sha256, size, chunks) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        key,
        bytes.length,
        Math.ceil(bytes.length / CHUNK_BYTES),
      ]);
    });
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!BLOB_KEY.test(key)) return null;
    const { rows } = await this.pool.query<{ size: string; chunks: number; seq: number; bytes: Buffer }>(
      `SELECT b.size, b.chunks, c.seq, c.bytes FROM blobs b JOIN blob_chunks c USING (sha256) WHERE b.sha256 = $1 ORDER BY c.seq`,
      [key],
    );
    if (rows.length === 0) return null;
    const bytes = rows.length === 1 ? rows[0].bytes : Buffer.concat(rows.map((row) => row.bytes));
    if (rows.length !== rows[0].chunks || bytes.length !== Number(rows[0].size) || sha256(bytes) !== key) throw new BlobCorruptedError(key);
    return bytes;
  }

  async has(key: string): Promise<boolean> {
    if (!BLOB_KEY.test(key)) return false;
    const { rowCount } = await this.pool.query('SELECT 1 FROM blobs WHERE sha256 = $1', [key]);
    return (rowCount ?? 0) > 0;
  }
}

async function insertChunks(client: PoolClient, key: string, bytes: Buffer): Promise<void> {
  for (let offset = 0, seq = 0; offset < bytes.length; offset += CHUNK_BYTES, seq += 1) {
    await client.query('INSERT INTO blob_chunks (sha256, seq, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      key,
      seq,
      bytes.subarray(offset, offset + CHUNK_BYTES),
    ]);
  }
}
