import type { EventMetadata, GlobalPosition, NewEvent, RecordedEvent, StoredChainRecord, StreamHead } from '../../kernel/black-box/chained-event';

import type { ChainDigest } from '../../kernel/black-box/chain-digest';

export type { ChainDigest, EventMetadata, GlobalPosition, NewEvent, RecordedEvent, StoredChainRecord, StreamHead };

export const EVENT_STORE = Symbol('EVENT_STORE');

/** What an append expects the stream to be, as EventStoreDB names it. A number is the last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export const START: GlobalPosition = 'start';

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  nextRevision: number;
  headHash: string;
  /** Position of the last appended event in the global feed. */
  position: GlobalPosition;
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

/** A stream's events and head exactly as stored, for verification. */
export interface StoredChain {
  records: StoredChainRecord[];
  head: StreamHead | null;
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
  /** Optional: the named streams verified where they are read, on up to `threads` threads (every stream asked for is in the map). */
  auditChains?(streams: readonly string[], threads: number): Promise<Map<string, ChainDigest>>;
  /** Optional: the name of every stream the store holds, without reading its events. */
  streamNames?(): Promise<string[]>;
  /** Resolves when the store answers; rejects (within the store's timeout) when it does not. */
  ping(): Promise<void>;
  /** Called after each successful append in this process, so that subscribers can wake up early. */
  onAppended(listener: () => void): () => void;
  close(): Promise<void>;
}
