import type { QueryConfig } from 'pg';
import type { SealedEvent } from '../../kernel/black-box/hash-chain';

/** What `gantry_append_event` and `gantry_append_events` return for one append. */
export interface AppendRow {
  appended: boolean;
  last_revision: string;
  head_hash: string;
  last_xid: string | null;
  last_position: string | null;
}

export type Head = { lastRevision: number; headHash: string };

/** One event's append as the seven plain values of `gantry_append_event`. */
export type OneEventValues = readonly [string, number, string, string, string, string, string];

const APPEND_STATEMENT = 'gantry_append_events_v2';
const APPEND_ONE_STATEMENT = 'gantry_append_event_v1';
const ONE_EVENT_COLUMNS = 7;

export function oneEventValues(stream: string, head: Head, event: SealedEvent): OneEventValues {
  return [stream, head.lastRevision, head.headHash, event.metadata.eventId, event.type, event.canonical, event.hash];
}

/**
 * The one statement of an append, prepared once per connection (an append then skips parsing and planning).
 * One event, the usual case, goes as plain values: no array literal to escape its JSON into, none to parse.
 */
export function oneEventQuery(values: OneEventValues): QueryConfig {
  return { name: APPEND_ONE_STATEMENT, text: 'SELECT * FROM gantry_append_event($1, $2, $3, $4, $5, $6, $7)', values: [...values] };
}

export function manyEventsQuery(stream: string, head: Head, sealed: SealedEvent[]): QueryConfig {
  return {
    name: APPEND_STATEMENT,
    text: 'SELECT * FROM gantry_append_events($1, $2, $3, $4, $5, $6, $7)',
    values: [
      stream,
      head.lastRevision,
      head.headHash,
      sealed.map((event) => event.metadata.eventId),
      sealed.map((event) => event.type),
      sealed.map((event) => event.canonical),
      sealed.map((event) => event.hash),
    ],
  };
}

const CASTS = ['text', 'bigint', 'char(64)', 'uuid', 'text', 'text', 'char(64)'];

function valuesRow(index: number): string {
  const at = index * ONE_EVENT_COLUMNS;
  return `(${index}, ${CASTS.map((cast, column) => `$${at + column + 1}::${cast}`).join(', ')})`;
}

/** The statement for a batch of `size` appends, written once per size (pg sends it with every call). */
const combinedTexts = new Map<number, string>();

function combinedText(size: number): string {
  let text = combinedTexts.get(size);
  if (text === undefined) {
    const rows = Array.from({ length: size }, (_, index) => valuesRow(index)).join(', ');
    text = `SELECT v.i, r.* FROM (VALUES ${rows}) AS v(i, stream, expected_last, expected_hash, event_id, type, canonical, hash)
      CROSS JOIN LATERAL gantry_append_event(v.stream, v.expected_last, v.expected_hash, v.event_id, v.type, v.canonical, v.hash) r`;
    combinedTexts.set(size, text);
  }
  return text;
}

/**
 * Several one-event appends, each to its own stream, in one statement and so one transaction: each row is
 * `gantry_append_event` exactly as a lone append calls it (its own head check, its own result), run in the
 * order given. Prepared once per connection and batch size.
 */
export function combinedQuery(batch: readonly OneEventValues[]): QueryConfig {
  return { name: `gantry_append_combined_${batch.length}_v1`, text: combinedText(batch.length), values: batch.flat() };
}
