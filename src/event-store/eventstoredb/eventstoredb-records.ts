import { binaryEvent, type EventData, type Position, type RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { JsonObject } from '../../kernel/black-box/canonical-json';
import { parseEnvelope, type ChainedEnvelope, type SealedEvent } from '../../kernel/black-box/hash-chain';
import { START, type EventMetadata, type GlobalPosition, type RecordedEvent } from '../../missions/ports/event-store.port';

/**
 * The mapping between the port's events and EventStoreDB's records: how a sealed event becomes a binary event, how a stored record is read back, and how positions are encoded.
 */

const POSITION_FORMAT = /^(\d+):(\d+)$/;

/** The envelope fields read back from a record; stream and revision come from the record itself. */
export type StoredEnvelope = Pick<ChainedEnvelope, 'type' | 'data' | 'metadata' | 'prevHash'>;

/** `"<commit>:<prepare>"`, both decimal: the adapter's encoding of a GlobalPosition. */
export function encodeEventStoreDbPosition(position: Position): GlobalPosition {
  return `${position.commit}:${position.prepare}`;
}

export function decodeEventStoreDbPosition(position: GlobalPosition): Position | null {
  if (position === START) return null;
  const match = POSITION_FORMAT.exec(position);
  if (!match) throw new Error(`"${position}" is not a position of the EventStoreDB event store`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The chain fields kept in EventStoreDB's custom metadata, beside the canonical bytes. */
export function chainFields(event: ClientRecordedEvent): { hash: string; prevHash: string } | null {
  const metadata: unknown = event.metadata;
  if (!isObject(metadata) || typeof metadata.hash !== 'string' || typeof metadata.prevHash !== 'string') return null;
  return { hash: metadata.hash, prevHash: metadata.prevHash };
}

/** The stored bytes, exactly (events written by others as JSON come back parsed: re-serialized, they fail verification). */
export function storedText(event: ClientRecordedEvent): string {
  return event.data instanceof Uint8Array ? Buffer.from(event.data).toString('utf8') : JSON.stringify(event.data);
}

/**
 * The envelope in stored bytes, or null when they are not one of ours: unlike the PostgreSQL table, an
 * EventStoreDB server also holds other applications' events, so the parsed shape is checked.
 */
export function storedEnvelope(canonical: string): StoredEnvelope | null {
  let value: unknown;
  try {
    value = parseEnvelope(canonical);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== 'string' || typeof value.prevHash !== 'string') return null;
  if (!isObject(value.data) || !isObject(value.metadata) || typeof value.metadata.eventId !== 'string') return null;
  return { type: value.type, data: value.data as JsonObject, metadata: value.metadata as EventMetadata, prevHash: value.prevHash };
}

/** An event of ours as stored: null for anything else (system events, other applications' events). */
export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent | null {
  if (event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) return null;
  const chain = chainFields(event);
  const canonical = storedText(event);
  const envelope = chain ? storedEnvelope(canonical) : null;
  if (!chain || !envelope) return null;
  return {
    stream: event.streamId,
    revision: Number(event.revision),
    position: event.position ? encodeEventStoreDbPosition(event.position) : START,
    type: envelope.type,
    data: envelope.data,
    metadata: envelope.metadata,
    prevHash: envelope.prevHash,
    hash: chain.hash,
    canonical,
  };
}

/** A sealed event as EventStoreDB stores it: the canonical bytes, keyed by the event id, with the chain fields beside. */
export function toEventData(event: SealedEvent): EventData {
  return binaryEvent({
    id: event.metadata.eventId.toLowerCase(),
    type: event.type,
    data: Buffer.from(event.canonical, 'utf8'),
    metadata: { hash: event.hash, prevHash: event.prevHash },
  });
}
