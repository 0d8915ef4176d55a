import type { JsonObject } from './canonical-json';

/** The shapes of a chained event: what the Black Box hashes and verifies, and what every event store records. */

export interface EventMetadata extends JsonObject {
  eventId: string;
  occurredAt: string;
  actor: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
}

/** An event as a command handler proposes it: not yet chained, not yet stored. */
export interface NewEvent {
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * An opaque, totally ordered cursor into the global feed. Each adapter defines its own encoding;
 * callers only store it and hand it back. `START` is before the first event.
 */
export type GlobalPosition = string;
/** An event as stored: the exact canonical bytes that were hashed, and the chain fields. */
export interface RecordedEvent {
  stream: string;
  revision: number;
  position: GlobalPosition;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  prevHash: string;
  hash: string;
  /** RFC 8785 canonical JSON of {stream, revision, type, data, metadata, prevHash}; hash = sha256(canonical). */
  canonical: string;
}

/** The stream's head as recorded beside it: lets a verifier notice a cut tail. */
export interface StreamHead {
  stream: string;
  /** Number of events the store says the stream holds. */
  count: number;
  lastRevision: number;
  headHash: string;
}

/** One event exactly as stored, for the Black Box verifier: nothing parsed, nothing trusted. */
export interface StoredChainRecord {
  revision: number;
  hash: string;
  canonical: string;
}
