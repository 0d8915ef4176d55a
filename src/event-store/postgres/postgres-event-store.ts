import { Pool, type PoolClient } from 'pg';
import { GENESIS_HASH, parseEnvelope, sealEvents } from '../../kernel/black-box/hash-chain';
import { manyEventsQuery, oneEventQuery, oneEventValues, type AppendRow, type Head } from './append-statements';
import { AppendCombiner } from './append-combiner';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../../missions/ports/event-store.errors';
import {
  START,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredChain,
  type StoredChainRecord,
  type StreamHead,
} from '../../missions/ports/event-store.port';
import { satisfiesExpectation, validateAppend } from '../event-validation';
import { decodeFeedPosition, encodeFeedPosition } from './feed-position';
import { auditChainPages } from './chain-audit';
import { chainPages, readChainPage } from './chain-pages';
import type { ChainDigest } from '../../kernel/black-box/chain-digest';

interface EventRow {
  stream: string;
  revision: string;
  canonical: string;
  hash: string;
  transaction_id: string;
  global_position: string;
}

const NEW_STREAM: Head = { lastRevision: -1, headHash: GENESIS_HASH };
const EVENT_COLUMNS = 'stream, revision, canonical, hash, transaction_id::text AS transaction_id, global_position';
const MAX_HEAD_RACES = 20;

function toRecorded(row: EventRow): RecordedEvent {
  const envelope = parseEnvelope(row.canonical);
  return {
    stream: row.stream,
    revision: Number(row.revision),
    position: encodeFeedPosition({ transactionId: row.transaction_id, globalPosition: row.global_position }),
    type: envelope.type,
    data: envelope.data,
    metadata: envelope.metadata,
    prevHash: envelope.prevHash,
    hash: row.hash,
    canonical: row.canonical,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/**
 * Events in one PostgreSQL table. Appends are one call to `gantry_append_event` (one event) or
 * `gantry_append_events` (several), which checks the
 * stream head under that stream's row lock; heads are cached per process and corrected on a miss.
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly heads = new Map<string, Head>();
  private readonly listeners = new Set<() => void>();

  /** The pool's own connection string, which lets `auditChains` give worker threads connections of their own (null: it reads on this thread). */
  private readonly connectionString: string | null;

  /** One-event appends through a pool are group-committed; on a single client (a transaction) each goes alone. */
  private readonly combiner: AppendCombiner | null;

  constructor(private readonly pool: Pick<Pool, 'query'> | Pick<PoolClient, 'query'>) {
    this.connectionString = pool instanceof Pool ? (pool.options.connectionString ?? null) : null;
    this.combiner = pool instanceof Pool ? new AppendCombiner(pool) : null;
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    validateAppend(stream, events, expected);
    try {
      const result = await this.appendChained(stream, events, expected);
      this.notifyAppended();
      return result;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) && !isUniqueViolation(error)) throw error;
      this.heads.delete(stream);
      const earlier = await this.findEarlierAppend(stream, events);
      if (earlier) return earlier;
      if (error instanceof WrongExpectedRevisionError) throw error;
      throw new DuplicateEventIdError(
        stream,
        events.map((event) => event.metadata.eventId),
      );
    }
  }

  private async appendChained(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let head = this.heads.get(stream) ?? (await this.readHead(stream));
    for (let race = 0; race < MAX_HEAD_RACES; race += 1) {
      if (!satisfiesExpectation(expected, head.lastRevision)) {
        head = await this.readHead(stream); // the cached head may be stale; judge on the stored one
        if (!satisfiesExpectation(expected, head.lastRevision)) {
          throw new WrongExpectedRevisionError(stream, expected, head.lastRevision < 0 ? 'no_stream' : head.lastRevision);
        }
      }
      const row = await this.sendAppend(stream, head, events);
      head = { lastRevision: Number(row.last_revision), headHash: row.head_hash };
      this.heads.set(stream, head);
      if (row.appended && row.last_xid && row.last_position) {
        const position = encodeFeedPosition({ transactionId: row.last_xid, globalPosition: row.last_position });
        return { nextRevision: head.lastRevision, headHash: head.headHash, position };
      }
    }
    throw new WrongExpectedRevisionError(stream, expected, head.lastRevision);
  }

  private async sendAppend(stream: string, head: Head, events: NewEvent[]): Promise<AppendRow> {
    const sealed = sealEvents(stream, head.lastRevision, head.headHash, events);
    if (sealed.length > 1) return (await this.pool.query<AppendRow>(manyEventsQuery(stream, head, sealed))).rows[0];
    const values = oneEventValues(stream, head, sealed[0]);
    if (this.combiner) return this.combiner.append(values);
    return (await this.pool.query<AppendRow>(oneEventQuery(values))).rows[0];
  }

  /** A retried append: the same event ids already stored, consecutively and in the same order. */
  private async findEarlierAppend(stream: string, events: NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((event) => event.metadata.eventId.toLowerCase());
    const { rows } = await this.pool.query<EventRow & { event_id: string }>(
      `SELECT ${EVENT_COLUMNS}, event_id::text AS event_id FROM events
       WHERE stream = $1 AND event_id = ANY($2::uuid[]) ORDER BY revision`,
      [stream, ids],
    );
    if (rows.length === 0) return null;
    const first = Number(rows[0].revision);
    const sameAppend = rows.length === ids.length && rows.every((row, index) => row.event_id === ids[index] && Number(row.revision) === first + index);
    if (!sameAppend)
      throw new DuplicateEventIdError(
        stream,
        rows.map((row) => row.event_id),
      );
    const last = rows[rows.length - 1];
    return {
      nextRevision: Number(last.revision),
      headHash: last.hash,
      position: encodeFeedPosition({ transactionId: last.transaction_id, globalPosition: last.global_position }),
    };
  }

  private async readHead(stream: string): Promise<Head> {
    const head = await this.streamHead(stream);
    return head ? { lastRevision: head.lastRevision, headHash: head.headHash } : NEW_STREAM;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [stream, from, options.maxCount ?? null],
    );
    return rows.map(toRecorded);
  }

  /**
   * Global order is (writing transaction id, sequence). Only transactions older than every transaction
   * still in progress are read, so one that took a lower sequence number and commits late is never skipped.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    const cursor = decodeFeedPosition(after);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.global_position LIMIT $3`,
      [cursor.transactionId, cursor.globalPosition, options.maxCount ?? 500],
    );
    const events = rows.map(toRecorded);
    return { events, last: events.length > 0 ? events[events.length - 1].position : after };
  }

  async streamHead(stream: string): Promise<StreamHead | null> {
    const { rows } = await this.pool.query<{ last_revision: string; event_count: string; head_hash: string }>(
      'SELECT last_revision, event_count, head_hash FROM event_streams WHERE stream = $1',
      [stream],
    );
    if (rows.length === 0 || Number(rows[0].event_count) === 0) return null;
    const row = rows[0];
    return { stream, count: Number(row.event_count), lastRevision: Number(row.last_revision), headHash: row.head_hash };
  }

  async readChain(stream: string): Promise<StoredChainRecord[]> {
    const { rows } = await this.pool.query<{ revision: string; hash: string; canonical: string }>(
      'SELECT revision, hash, canonical FROM events WHERE stream = $1 ORDER BY revision',
      [stream],
    );
    return rows.map((row) => ({ revision: Number(row.revision), hash: row.hash, canonical: row.canonical }));
  }

  async readChains(streams: readonly string[]): Promise<Map<string, StoredChain>> {
    const chains = new Map<string, StoredChain>();
    for (const page of chainPages(streams)) for (const [stream, chain] of await readChainPage(this.pool, page)) chains.set(stream, chain);
    return chains;
  }

  /** Verified where they are read: with a connection string, on worker threads that each read their own pages. */
  async auditChains(streams: readonly string[], threads: number): Promise<Map<string, ChainDigest>> {
    return auditChainPages(this.pool, this.connectionString, streams, threads);
  }

  /** Every stream that holds an event or a head row: one index-only pass, no event read. */
  async streamNames(): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream: string }>('SELECT DISTINCT stream FROM events UNION SELECT stream FROM event_streams');
    return rows.map((row) => row.stream);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM events LIMIT 1');
  }

  /** A listener's failure must never turn a committed append into a reported error. */
  private notifyAppended(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // the listener's own problem; the append is committed
      }
    }
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
