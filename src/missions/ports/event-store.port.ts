import type { JsonObject } from '../../kernel/black-box/canonical-json';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** What an append expects the stream to be, as EventStoreDB names it. A number is the last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

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
export const START: GlobalPosition = 'start';

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

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  nextRevision: number;
  headHash: string;
  /** Position of the last appended event in the global feed. */
  position: GlobalPosition;
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

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to START. */
  after?: GlobalPosition;
  maxCount?: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read should start (pass as `after`); equals `after` when nothing was read. */
  last: GlobalPosition;
}

export interface EventStore {
  readonly name: string;
  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Empty array for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. Never skips an event whose transaction commits late. */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  streamHead(stream: string): Promise<StreamHead | null>;
  /** The stream's events as stored, in revision order, for verification. */
  readChain(stream: string): Promise<StoredChainRecord[]>;
  /** Resolves when the store answers; rejects (within the store's timeout) when it does not. */
  ping(): Promise<void>;
  /** Called after each successful append in this process, so that subscribers can wake up early. */
  onAppended(listener: () => void): () => void;
  close(): Promise<void>;
}
