import type { Pool, PoolClient, ClientBase } from 'pg';
import { digestChain, type ChainDigest } from '../../kernel/black-box/chain-digest';
import type { StoredChain } from '../../missions/ports/event-store.port';

/** Streams per query when reading many chains: large pages, few round trips, bounded query size. */
export const CHAIN_PAGE_STREAMS = 500;

export type Queryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'> | Pick<ClientBase, 'query'>;

/**
 * The chains (events as stored, and heads) of one page of streams: every stream asked for is in the map.
 * Both queries are prepared once per connection: planned afresh, 500 names in the array cost the planner
 * more than the server's whole read of the page.
 */
export async function readChainPage(db: Queryable, page: readonly string[]): Promise<Map<string, StoredChain>> {
  const chains = new Map<string, StoredChain>(page.map((stream) => [stream, { records: [], head: null }]));
  const [events, heads] = await Promise.all([
    db.query<{ stream: string; revision: string; hash: string; canonical: string }>({
      name: 'gantry_chain_page_events_v1',
      text: 'SELECT stream, revision, hash, canonical FROM events WHERE stream = ANY($1) ORDER BY stream, revision',
      values: [page],
    }),
    db.query<{ stream: string; last_revision: string; event_count: string; head_hash: string }>({
      name: 'gantry_chain_page_heads_v1',
      text: 'SELECT stream, last_revision, event_count, head_hash FROM event_streams WHERE stream = ANY($1) AND event_count > 0',
      values: [page],
    }),
  ]);
  for (const row of events.rows) chains.get(row.stream)?.records.push({ revision: Number(row.revision), hash: row.hash, canonical: row.canonical });
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

/** One page of streams read, verified and digested: a digest per stream asked for, in the page's order. */
export async function digestPage(db: Queryable, page: readonly string[]): Promise<ChainDigest[]> {
  const chains = await readChainPage(db, page);
  return page.map((stream) => {
    const chain = chains.get(stream) ?? { records: [], head: null };
    return digestChain(stream, chain.records, chain.head);
  });
}
