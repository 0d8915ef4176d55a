import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START as FROM_START,
  WrongExpectedVersionError,
  type Position,
  type RecordedEvent as ClientRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { GENESIS_HASH, sealEvents } from '../../kernel/black-box/hash-chain';
import { withTimeout } from '../../kernel/with-timeout';
import { DuplicateEventIdError, EventStoreUnavailableError, InvalidEventError, WrongExpectedRevisionError } from '../../missions/ports/event-store.errors';
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
  type StoredChainRecord,
  type StreamHead,
} from '../../missions/ports/event-store.port';
import { satisfiesExpectation, validateAppend } from '../event-validation';
import { closedError, isStreamNotFound, timeoutError, translateClientError, type ClientCall } from './eventstoredb-errors';
import { lastStoredHead, metadataRecord, metastreamOf, recordHead, type HeadIo } from './eventstoredb-heads';
import {
  chainFields,
  comparePositions,
  decodeEventStoreDbPosition,
  encodeEventStoreDbPosition,
  storedEnvelope,
  storedText,
  toEventData,
  toRecordedEvent,
} from './eventstoredb-records';

export { decodeEventStoreDbPosition, encodeEventStoreDbPosition } from './eventstoredb-records';

/** Attempts of an append whose head moved under it, when the caller's expectation still holds (any, stream_exists). */
const APPEND_ATTEMPTS = 5;
const DEFAULT_READ_ALL_COUNT = 500;

/**
 * The EventStore port on EventStoreDB, through `@eventstore/db-client`.
 *
 * - Each event is a binary event whose data is the exact canonical bytes that were hashed, whose id is
 *   `metadata.eventId`, and whose custom metadata is `{hash, prevHash}` as JSON.
 * - An append reads the stream, seals the new events onto the head it read, and appends with exactly that
 *   head as EventStoreDB's expected revision (no_stream for a new stream): two writers can never chain onto
 *   the same event. The caller's own expectation is checked against the head first; when the head moves
 *   in between and the caller said any (or stream_exists), the append reads again and retries.
 * - The whole stream is read, not only its head, so that a retried append is recognised by its event ids
 *   wherever they sit (EventStoreDB's own idempotency needs the retry's expected revision to be the
 *   original one, and ours is derived from the head). Mission streams are short; this costs one read.
 * - Appends to one stream from this process are queued, so that they do not race each other for the head.
 * - Each append then records the stream's Black Box head in its metadata (eventstoredb-heads.ts), so a
 *   cut tail is seen against a record kept apart from the events.
 * - Every call to the client is bounded by `timeoutMs`: the client waits forever on a server that accepts
 *   the connection and never answers. Positions are encoded `"<commit>:<prepare>"`.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly client: EventStoreDBClient;
  private readonly label: string;
  private readonly listeners = new Set<() => void>();
  /** Appends to one stream from this process run one after another; other writers are met by the expected revision. */
  private readonly appending = new Map<string, Promise<unknown>>();
  private closed = false;
  private readonly heads: HeadIo = {
    latestMetadata: async (stream) =>
      (await this.readStored(metastreamOf(stream), `head of ${stream}`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })).at(0),
    appendMetadata: (stream, event, expectedRevision) =>
      this.bounded(`head of ${stream}`, () => this.client.appendToStream(metastreamOf(stream), event, { expectedRevision, deadline: this.timeoutMs })),
  };

  constructor(
    connectionString: string,
    private readonly timeoutMs = 5000,
  ) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.label = connectionString.replace(/\/\/[^@/]*@/, '//');
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    validateAppend(stream, events, expectedRevision);
    const previous = this.appending.get(stream) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.appendInTurn(stream, events, expectedRevision));
    this.appending.set(stream, current);
    try {
      return await current;
    } finally {
      if (this.appending.get(stream) === current) this.appending.delete(stream);
    }
  }

  private async appendInTurn(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const eventIds = events.map((event) => event.metadata.eventId);
    let actual: number | 'no_stream' = 'no_stream';
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      const stored = await this.readStored(stream, `append to ${stream}`, { direction: FORWARDS, fromRevision: FROM_START });
      const earlier = this.earlierAppend(stream, stored, eventIds);
      if (earlier) {
        const head = lastStoredHead(stream, stored); // the first try may have stopped before its head was written
        if (head) await recordHead(this.heads, head);
        this.notify();
        return earlier;
      }
      const head = stored.at(-1);
      const lastRevision = head ? Number(head.revision) : -1;
      actual = head ? lastRevision : 'no_stream';
      if (!satisfiesExpectation(expectedRevision, lastRevision)) throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
      const headHash = head ? chainFields(head)?.hash : GENESIS_HASH;
      if (headHash === undefined) {
        throw new InvalidEventError(`Stream ${stream}: event ${lastRevision} carries no chain hash; refusing to chain onto it`);
      }
      const sealed = sealEvents(stream, lastRevision, headHash, events);
      try {
        const result = await this.bounded(`append to ${stream}`, () =>
          this.client.appendToStream(stream, sealed.map(toEventData), {
            expectedRevision: head ? BigInt(lastRevision) : NO_STREAM,
            deadline: this.timeoutMs,
          }),
        );
        const last = sealed[sealed.length - 1];
        const position = result.position ?? (await this.positionOf(stream, last.revision));
        await recordHead(this.heads, { stream, count: last.revision + 1, lastRevision: last.revision, headHash: last.hash });
        this.notify();
        return { nextRevision: last.revision, headHash: last.hash, position: encodeEventStoreDbPosition(position) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Someone appended between our read and our write: read again, and decide again.
        actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
      }
    }
    throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    if (options.fromRevision !== undefined && !(Number.isSafeInteger(options.fromRevision) && options.fromRevision >= 0)) {
      throw new RangeError(`fromRevision must be a revision (an integer from 0), not ${options.fromRevision}`);
    }
    const stored = await this.readStored(stream, `read of ${stream}`, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : FROM_START,
      maxCount: options.maxCount,
    });
    return stored.map((event) => {
      const recorded = toRecordedEvent(event);
      if (!recorded) throw new InvalidEventError(`Stream ${stream}: event ${event.revision} is not a Black Box event`);
      return recorded;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    let cursor = decodeEventStoreDbPosition(after);
    const events: RecordedEvent[] = [];
    // System events and other applications' events are skipped, so a page may hold fewer of ours: read on.
    while (events.length < maxCount) {
      const from = cursor;
      const wanted = maxCount - events.length + (from ? 1 : 0);
      const page = await this.collect('read of $all', () => this.client.readAll({ direction: FORWARDS, fromPosition: from ?? FROM_START, maxCount: wanted }));
      for (const { event } of page) {
        if (!event?.position || (from && comparePositions(event.position, from) <= 0)) continue;
        cursor = event.position;
        const recorded = toRecordedEvent(event);
        if (recorded) events.push(recorded);
        if (events.length === maxCount) break;
      }
      if (page.length < wanted || cursor === from) break;
    }
    return { events, last: events.length > 0 ? events[events.length - 1].position : after };
  }

  /** The head recorded in the stream's metadata, never one derived from the events themselves. */
  async streamHead(stream: string): Promise<StreamHead | null> {
    return metadataRecord(stream, await this.heads.latestMetadata(stream)).head;
  }

  async readChain(stream: string): Promise<StoredChainRecord[]> {
    const stored = await this.readStored(stream, `chain of ${stream}`, { direction: FORWARDS, fromRevision: FROM_START });
    return stored.map((event) => ({ revision: Number(event.revision), hash: chainFields(event)?.hash ?? '', canonical: storedText(event) }));
  }

  async ping(): Promise<void> {
    await this.collect('ping', () => this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.client.dispose();
  }

  /** The earlier append of these very events (a retry), or null; a partial match is a conflict. */
  private earlierAppend(stream: string, stored: ClientRecordedEvent[], eventIds: string[]): AppendResult | null {
    const index = new Map<string, number>();
    stored.forEach((event, at) => {
      const envelope = chainFields(event) ? storedEnvelope(storedText(event)) : null;
      if (envelope) index.set(envelope.metadata.eventId, at);
    });
    const found = eventIds.filter((eventId) => index.has(eventId));
    if (found.length === 0) return null;
    const first = index.get(eventIds[0]);
    if (found.length < eventIds.length || first === undefined || eventIds.some((eventId, offset) => index.get(eventId) !== first + offset)) {
      throw new DuplicateEventIdError(stream, found);
    }
    const last = stored[first + eventIds.length - 1];
    const position = last.position;
    return {
      nextRevision: Number(last.revision),
      headHash: chainFields(last)?.hash ?? '',
      position: position ? encodeEventStoreDbPosition(position) : START,
    };
  }

  /** A stream's events as the client returns them; empty when the stream does not exist. */
  private async readStored(
    stream: string,
    what: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof FROM_START | typeof END; maxCount?: number },
  ): Promise<ClientRecordedEvent[]> {
    try {
      const resolved = await this.collect(what, () => this.client.readStream(stream, options));
      return resolved.flatMap(({ event }) => (event ? [event] : []));
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  private async positionOf(stream: string, revision: number): Promise<Position> {
    const [event] = await this.readStored(stream, `position in ${stream}`, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 });
    if (!event?.position) throw new EventStoreUnavailableError(`EventStoreDB at ${this.label} reported no position for ${stream}@${revision}`);
    return event.position;
  }

  /** Drains a streaming read within the timeout; a read that times out is cancelled. */
  private collect<E>(what: string, open: () => StreamingRead<E>): Promise<E[]> {
    let read: StreamingRead<E> | undefined;
    return this.bounded(
      what,
      async () => {
        read = open();
        const items: E[] = [];
        for await (const item of read as AsyncIterable<E>) items.push(item);
        return items;
      },
      () => {
        read?.cancel().catch(() => undefined);
        read?.destroy();
      },
    );
  }

  /** Every call to the client goes through here: the client waits forever on a server that never answers. */
  private async bounded<T>(what: string, operation: () => Promise<T>, onTimeout?: () => void): Promise<T> {
    const call: ClientCall = { label: this.label, timeoutMs: this.timeoutMs, what };
    if (this.closed) throw closedError(call);
    const attempt = operation();
    try {
      return await withTimeout(attempt, this.timeoutMs, () => {
        onTimeout?.();
        return timeoutError(call);
      });
    } catch (error) {
      throw translateClientError(error, call);
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own: the append has happened.
      }
    }
  }
}
