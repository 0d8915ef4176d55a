import type { Pool, PoolClient, ClientBase } from 'pg';
import type { SubtreeHash } from '../../../kernel/transparency/compact-tree';
import type { SubtreeRef, SubtreeSource } from '../../../kernel/transparency/subtree';
import type { GlobalPosition } from '../../ports/event-store.port';
import type { LogLeaf, SignedCheckpoint } from '../../ports/transparency-log.port';

type Queryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'> | Pick<ClientBase, 'query'>;

export interface LogState {
  readonly size: number;
  readonly position: GlobalPosition;
}

interface LeafRow {
  leaf_index: string;
  stream: string;
  revision: string;
  event_id: string;
  chain_hash: string;
  feed_position: string;
}

interface CheckpointRow {
  tree_size: string;
  root: Buffer;
  note: string;
  signed_at: Date;
}

const toLeaf = (row: LeafRow): LogLeaf => ({
  leafIndex: Number(row.leaf_index),
  stream: row.stream,
  revision: Number(row.revision),
  eventId: row.event_id,
  chainHash: row.chain_hash,
  position: row.feed_position,
});

const LEAF_COLUMNS = 'leaf_index, stream, revision, event_id, chain_hash, feed_position';

/** The log's rows in PostgreSQL. Reads go through the pool; the integrator writes through its own fenced connection. */
export class PostgresLogStore {
  constructor(private readonly db: Queryable) {}

  within(client: Queryable): PostgresLogStore {
    return new PostgresLogStore(client);
  }

  /** Complete subtrees for the kernel's proof and root functions, in one round trip. */
  readonly source: SubtreeSource = async (refs: readonly SubtreeRef[]) => {
    const { rows } = await this.db.query<{ level: number; idx: string; hash: Buffer }>(
      `SELECT n.level, n.idx, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS wanted(level, idx)
       JOIN log_nodes n ON n.level = wanted.level AND n.idx = wanted.idx`,
      [refs.map((ref) => ref.level), refs.map((ref) => ref.index)],
    );
    const byKey = new Map(rows.map((row) => [`${row.level}/${row.idx}`, row.hash]));
    return refs.map(({ level, index }) => {
      const hash = byKey.get(`${level}/${index}`);
      if (!hash) throw new Error(`the log has no subtree ${level}/${index}: its node table is incomplete`);
      return hash;
    });
  };

  async state(lock = false): Promise<LogState> {
    const { rows } = await this.db.query<{ tree_size: string; feed_position: string }>(
      `SELECT tree_size, feed_position FROM log_state WHERE id${lock ? ' FOR UPDATE' : ''}`,
    );
    if (rows.length === 0) throw new Error('the log has no state row: its migration did not run');
    return { size: Number(rows[0].tree_size), position: rows[0].feed_position };
  }

  /** Adds leaves from `firstIndex` on, the subtrees they complete, and moves the state; run inside the fenced transaction. */
  async append(firstIndex: number, leaves: readonly Omit<LogLeaf, 'leafIndex'>[], nodes: readonly SubtreeHash[], next: LogState): Promise<void> {
    await this.db.query(
      `INSERT INTO log_leaves (${LEAF_COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])`,
      [
        leaves.map((_, i) => firstIndex + i),
        leaves.map((leaf) => leaf.stream),
        leaves.map((leaf) => leaf.revision),
        leaves.map((leaf) => leaf.eventId),
        leaves.map((leaf) => leaf.chainHash),
        leaves.map((leaf) => leaf.position),
      ],
    );
    await this.db.query('INSERT INTO log_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
      nodes.map((node) => node.level),
      nodes.map((node) => node.index),
      nodes.map((node) => node.hash),
    ]);
    await this.db.query('UPDATE log_state SET tree_size = $1, feed_position = $2, updated_at = now() WHERE id', [next.size, next.position]);
  }

  /**
   * The same append as one statement, fenced by the state row itself: it moves only if the log still stands
   * at `expected`, and the leaves and nodes go in only if it moved. One round trip; false when the log stood
   * elsewhere (nothing written).
   */
  async appendIfAt(expected: LogState, leaves: readonly Omit<LogLeaf, 'leafIndex'>[], nodes: readonly SubtreeHash[], next: LogState): Promise<boolean> {
    const { rows } = await this.db.query<{ moved: number }>(
      `WITH moved AS (
         UPDATE log_state SET tree_size = $1, feed_position = $2, updated_at = now()
         WHERE id AND tree_size = $3 AND feed_position = $4 RETURNING 1
       ), leaves AS (
         INSERT INTO log_leaves (${LEAF_COLUMNS})
         SELECT * FROM unnest($5::bigint[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[]) WHERE EXISTS (SELECT 1 FROM moved)
       ), nodes AS (
         INSERT INTO log_nodes (level, idx, hash)
         SELECT * FROM unnest($11::smallint[], $12::bigint[], $13::bytea[]) WHERE EXISTS (SELECT 1 FROM moved)
       )
       SELECT count(*)::int AS moved FROM moved`,
      [
        next.size,
        next.position,
        expected.size,
        expected.position,
        leaves.map((_, i) => expected.size + i),
        leaves.map((leaf) => leaf.stream),
        leaves.map((leaf) => leaf.revision),
        leaves.map((leaf) => leaf.eventId),
        leaves.map((leaf) => leaf.chainHash),
        leaves.map((leaf) => leaf.position),
        nodes.map((node) => node.level),
        nodes.map((node) => node.index),
        nodes.map((node) => node.hash),
      ],
    );
    return rows[0]?.moved === 1;
  }

  async leavesOfStream(stream: string): Promise<LogLeaf[]> {
    const { rows } = await this.db.query<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM log_leaves WHERE stream = $1 ORDER BY revision`, [stream]);
    return rows.map(toLeaf);
  }

  async leafIndexOf(eventIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ event_id: string; leaf_index: string }>(
      'SELECT event_id, leaf_index FROM log_leaves WHERE event_id = ANY($1::text[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, Number(row.leaf_index)]));
  }

  async leaves(from: number, to: number): Promise<LogLeaf[]> {
    const { rows } = await this.db.query<LeafRow>(`SELECT ${LEAF_COLUMNS} FROM log_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`, [
      from,
      to,
    ]);
    return rows.map(toLeaf);
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const { rows } = await this.db.query<CheckpointRow>('SELECT tree_size, root, note, signed_at FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1');
    return rows.length === 0 ? null : this.toCheckpoint(rows[0]);
  }

  /** Every checkpoint from the oldest, for audits and tests. */
  async checkpoints(): Promise<SignedCheckpoint[]> {
    const { rows } = await this.db.query<CheckpointRow>('SELECT tree_size, root, note, signed_at FROM log_checkpoints ORDER BY tree_size');
    return rows.map((row) => this.toCheckpoint(row));
  }

  /** False when a checkpoint of that size (or a larger one) is already stored: never two for a size, never a smaller one after. */
  async saveCheckpoint(checkpoint: Omit<SignedCheckpoint, 'signedAt' | 'origin'>): Promise<boolean> {
    const result = await this.db.query(
      `INSERT INTO log_checkpoints (tree_size, root, note)
       SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM log_checkpoints WHERE tree_size >= $1)
       ON CONFLICT (tree_size) DO NOTHING`,
      [checkpoint.size, checkpoint.root, checkpoint.note],
    );
    return result.rowCount === 1;
  }

  async witnessSize(url: string): Promise<number> {
    const { rows } = await this.db.query<{ tree_size: string }>('SELECT tree_size FROM log_witnesses WHERE url = $1', [url]);
    return rows.length === 0 ? 0 : Number(rows[0].tree_size);
  }

  async saveWitnessSize(url: string, size: number): Promise<void> {
    await this.db.query(
      `INSERT INTO log_witnesses (url, tree_size) VALUES ($1, $2)
       ON CONFLICT (url) DO UPDATE SET tree_size = $2, updated_at = now()`,
      [url, size],
    );
  }

  private toCheckpoint(row: CheckpointRow): SignedCheckpoint {
    const origin = row.note.slice(0, row.note.indexOf('\n'));
    return { note: row.note, origin, size: Number(row.tree_size), root: row.root, signedAt: row.signed_at };
  }
}
