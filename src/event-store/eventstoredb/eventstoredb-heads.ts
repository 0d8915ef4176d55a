import { jsonEvent, NO_STREAM, WrongExpectedVersionError, type AppendExpectedRevision, type EventData, type RecordedEvent } from '@eventstore/db-client';
import type { StreamHead } from '../../missions/ports/event-store.port';
import { chainFields } from './eventstoredb-records';

/**
 * Each stream's Black Box head, kept in the stream's metadata (`$$<stream>`) under `gantryHead`, beside
 * EventStoreDB's own keys (`$maxAge`, `$acl`…), which are kept as they are.
 *
 * EventStoreDB appends atomically to one stream only (its gRPC API has no multi-stream append or
 * transaction), so the head cannot be written in the very append it describes. It is written straight
 * after it, on top of the metadata revision it read (optimistic concurrency: an older head never
 * overwrites a newer one), and every later append, including the retry of one whose head write was
 * lost, writes the head of the whole stream again. The window is one append long: a crash inside it
 * leaves a head one append behind, which the verifier reports until the stream's next append.
 */
export const HEAD_KEY = 'gantryHead';
const HEAD_WRITE_ATTEMPTS = 5;

export function metastreamOf(stream: string): string {
  return `$$${stream}`;
}

/** The latest metadata record of a stream: what it holds, the head in it, and its revision (null: none yet). */
export interface StreamMetadataRecord {
  raw: Record<string, unknown>;
  head: StreamHead | null;
  revision: bigint | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function headOf(stream: string, value: unknown): StreamHead | null {
  if (!isRecord(value)) return null;
  const { count, lastRevision, headHash } = value;
  if (typeof count !== 'number' || typeof lastRevision !== 'number' || typeof headHash !== 'string') return null;
  return { stream, count, lastRevision, headHash };
}

export function metadataRecord(stream: string, latest: RecordedEvent | undefined): StreamMetadataRecord {
  if (!latest?.isJson || !isRecord(latest.data)) return { raw: {}, head: null, revision: latest ? latest.revision : null };
  return { raw: latest.data, head: headOf(stream, latest.data[HEAD_KEY]), revision: latest.revision };
}

function headEvent(raw: Record<string, unknown>, head: StreamHead): EventData {
  const { count, lastRevision, headHash } = head;
  return jsonEvent({ type: '$metadata', data: { ...raw, [HEAD_KEY]: { count, lastRevision, headHash } } });
}

/** What the head writer needs of the adapter: its bounded reads and appends. */
export interface HeadIo {
  latestMetadata(stream: string): Promise<RecordedEvent | undefined>;
  appendMetadata(stream: string, event: EventData, expectedRevision: AppendExpectedRevision): Promise<unknown>;
}

/** Records `head` unless the metadata already holds a head as far along (another writer's later append). */
export async function recordHead(io: HeadIo, head: StreamHead): Promise<void> {
  for (let attempt = 0; attempt < HEAD_WRITE_ATTEMPTS; attempt += 1) {
    const current = metadataRecord(head.stream, await io.latestMetadata(head.stream));
    if (current.head && current.head.count >= head.count) return;
    try {
      await io.appendMetadata(head.stream, headEvent(current.raw, head), current.revision ?? NO_STREAM);
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
}

/** The head of a stream as read from its events: what is recorded after an append. */
export function lastStoredHead(stream: string, stored: RecordedEvent[]): StreamHead | null {
  const last = stored.at(-1);
  const headHash = last ? chainFields(last)?.hash : undefined;
  if (!last || headHash === undefined) return null;
  const lastRevision = Number(last.revision);
  return { stream, count: lastRevision + 1, lastRevision, headHash };
}
