import type { Pool, PoolClient, ClientBase } from 'pg';
import type { StoredChain, StoredChainRecord } from '../../missions/ports/event-store.port';

/** Streams per query when reading many chains: large pages, few round trips, bounded query size. */
export const CHAIN_PAGE_STREAMS = 500;

export type Queryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'> | Pick<ClientBase, 'query'>;

interface PackedChainRow {
  stream: string;
  revisions: string;
  hashes: string;
  canonicals: string;
}

const HASH_LENGTH = 64;
const LOWER_HEX = /^[0-9a-f]*$/;

/**
 * One row per stream, not per event: the driver then parses a few long strings instead of four fields for
 * every event, which is most of a page read's cost in Node. Canonical JSON never holds a raw newline, so
 * the newline joins the records; hashes are fixed-width and joined with nothing.
 */
const PACKED_CHAINS = `SELECT stream,
    string_agg(revision::text, ',' ORDER BY revision) AS revisions,
    string_agg(hash, '' ORDER BY revision) AS hashes,
    string_agg(canonical, E'\\n' ORDER BY revision) AS canonicals
  FROM events WHERE stream = ANY($1) GROUP BY stream`;

/**
 * A stream's records cut back out of its packed row, or null when the row cannot be cut exactly: a stored
 * canonical with a newline in it, or a hash that is not 64 lowercase hex digits (only a tampered row is
 * either). Such a stream is read again row by row, so the verifier sees exactly what is stored.
 */
export function unpackChainRow(row: Pick<PackedChainRow, 'revisions' | 'hashes' | 'canonicals'>): StoredChainRecord[] | null {
  const revisions = row.revisions.split(',');
  const canonicals = row.canonicals.split('\n');
  if (canonicals.length !== revisions.length || row.hashes.length !== revisions.length * HASH_LENGTH || !LOWER_HEX.test(row.hashes)) return null;
  return revisions.map((revision, index) => ({
    revision: Number(revision),
    hash: row.hashes.slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH),
    canonical: canonicals[index],
  }));
}

/** The events of some streams one row per event: exact whatever the rows hold. */
async function readChainRows(db: Queryable, streams: readonly string[], chains: Map<string, StoredChain>): Promise<void> {
  const { rows } = await db.query<{ stream: string; revision: string; hash: string; canonical: string }>(
    'SELECT stream, revision, hash, canonical FROM events WHERE stream = ANY($1) ORDER BY stream, revision',
    [streams],
  );
  for (const row of rows) chains.get(row.stream)?.records.push({ revision: Number(row.revision), hash: row.hash, canonical: row.canonical });
}

async function readChainEvents(db: Queryable, page: readonly string[], chains: Map<string, StoredChain>): Promise<void> {
  const { rows } = await db.query<PackedChainRow>(PACKED_CHAINS, [page]);
  const uncut: string[] = [];
  for (const row of rows) {
    const chain = chains.get(row.stream);
    if (!chain) continue;
    const records = unpackChainRow(row);
    if (records) chain.records = records;
    else uncut.push(row.stream);
  }
  if (uncut.length > 0) await readChainRows(db, uncut, chains);
}

/** The chains (events as stored, and heads) of one page of streams: every stream asked for is in the map. */
export async function readChainPage(db: Queryable, page: readonly string[]): Promise<Map<string, StoredChain>> {
  const chains = new Map<string, StoredChain>(page.map((stream) => [stream, { records: [], head: null }]));
  const [, heads] = await Promise.all([
    readChainEvents(db, page, chains),
    db.query<{ stream: string; last_revision: string; event_count: string; head_hash: string }>(
      'SELECT stream, last_revision, event_count, head_hash FROM event_streams WHERE stream = ANY($1) AND event_count > 0',
      [page],
    ),
  ]);
  for (const row of heads.rows) {
    const chain = chains.get(row.stream);
    if (chain) chain.head = { stream: row.stream, count: Number(row.event_count), lastRevision: Number(row.last_revision), headHash: row.head_hash };
  }
  return chains;
}

export function chainPages(streams: readonly string[]): string[][] {
  const pages: string[][] = [];
  for (let start = 0; start < streams.length; start += CHAIN_PAGE_STREAMS) pages.push(streams.slice(start, start + CHAIN_PAGE_STREAMS));
  return pages;
}
