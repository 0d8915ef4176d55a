/**
 * The in-memory log behind the EventStoreDB gRPC double (see eventstoredb-grpc-double.ts).
 *
 * A TEST DOUBLE, not EventStoreDB: it keeps just enough of EventStoreDB's storage rules for the
 * adapter's mapping to be checked (one transaction log, streams as indexes into it, expected-version
 * checks, idempotent retries at the same expected version, inclusive forwards $all reads). It knows
 * nothing of scavenging, ACLs, links, metadata streams, transactions or clustering.
 */
import { randomUUID } from 'node:crypto';

/** What an append expects, as the server receives it: a revision, or one of the three states. */
export type DoubleExpected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export interface DoubleLogPosition {
  commit: bigint;
  prepare: bigint;
}

export interface DoubleProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface DoubleRecord extends DoubleProposedEvent {
  stream: string;
  revision: bigint;
  /** Each event here is its own implicit transaction: commit and prepare positions are equal. */
  position: DoubleLogPosition;
  /** Ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  created: bigint;
}

export type DoubleAppendOutcome =
  | { ok: true; lastRevision: bigint; position: DoubleLogPosition | null }
  /** `current` is the stream's last revision, or -1 when the stream does not exist. */
  | { ok: false; current: bigint };

export type DoubleReadFrom = 'start' | 'end' | bigint;
export type DoubleAllFrom = 'start' | 'end' | DoubleLogPosition;

const HEADER_BYTES = 96n;

export function comparePositions(a: DoubleLogPosition, b: DoubleLogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export class EventStoreDbDoubleStore {
  private readonly log: DoubleRecord[] = [];
  private readonly streams = new Map<string, DoubleRecord[]>();
  private nextLogPosition = 0n;
  /** Called before each append is checked: lets a test slip a concurrent write in between. */
  beforeAppend: ((stream: string) => void) | null = null;
  /** Number of append requests that wrote events. */
  writes = 0;
  /** gRPC calls received, by method name (e.g. `Streams.BatchAppend`). */
  readonly calls = new Map<string, number>();

  called(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  constructor() {
    // A real database's log starts with its own system events; the adapter must skip them.
    this.write('$epoch-information', [
      {
        id: randomUUID(),
        type: '$epoch-information',
        contentType: 'application/json',
        data: Buffer.from('{"epochNumber":0}', 'utf8'),
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  lastRevision(stream: string): bigint {
    const events = this.streams.get(stream);
    return events && events.length > 0 ? BigInt(events.length - 1) : -1n;
  }

  append(stream: string, expected: DoubleExpected, events: DoubleProposedEvent[]): DoubleAppendOutcome {
    const hook = this.beforeAppend;
    if (hook) {
      this.beforeAppend = null;
      hook(stream);
    }
    const current = this.lastRevision(stream);
    const expectedRevision = expected.kind === 'revision' ? expected.revision : expected.kind === 'no_stream' ? -1n : null;
    if (expectedRevision !== null && expectedRevision < current) {
      // EventStoreDB answers a retry at the same expected version with the original result.
      const earlier = this.sameIdsAfter(stream, expectedRevision, events);
      if (earlier) return earlier;
    }
    const allowed =
      expected.kind === 'any' || (expected.kind === 'stream_exists' && current >= 0n) || (expectedRevision !== null && expectedRevision === current);
    if (!allowed) return { ok: false, current };
    if (events.length === 0) {
      return { ok: true, lastRevision: current, position: null };
    }
    const written = this.write(stream, events);
    this.writes += 1;
    const last = written[written.length - 1];
    return { ok: true, lastRevision: last.revision, position: last.position };
  }

  /** Forwards from a revision (inclusive) or backwards from one (inclusive); null when the stream does not exist. */
  readStream(stream: string, backwards: boolean, from: DoubleReadFrom, count: bigint): DoubleRecord[] | null {
    const events = this.streams.get(stream);
    if (!events || events.length === 0) return null;
    let selected: DoubleRecord[];
    if (backwards) {
      const end = from === 'end' ? events.length - 1 : from === 'start' ? 0 : Number(from);
      selected = events.slice(0, Math.min(end, events.length - 1) + 1).reverse();
    } else {
      const start = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
      selected = events.slice(start);
    }
    return selected.slice(0, clampCount(count));
  }

  /** Forwards from a position is inclusive (as EventStoreDB's is); backwards from one is exclusive. */
  readAll(backwards: boolean, from: DoubleAllFrom, count: bigint): DoubleRecord[] {
    let selected: DoubleRecord[];
    if (backwards) {
      selected = (from === 'end' ? this.log : from === 'start' ? [] : this.log.filter((r) => comparePositions(r.position, from) < 0)).slice().reverse();
    } else {
      selected = from === 'start' ? this.log : from === 'end' ? [] : this.log.filter((r) => comparePositions(r.position, from) >= 0);
    }
    return selected.slice(0, clampCount(count));
  }

  /**
   * Drops a stream's last events from the stream and the log: what an operator who rewrote the
   * database files could do (EventStoreDB itself has no such operation), for the cut-tail tests.
   */
  cutTail(stream: string, keep: number): void {
    const events = this.streams.get(stream) ?? [];
    const dropped = new Set(events.splice(keep));
    for (let at = this.log.length - 1; at >= 0; at -= 1) if (dropped.has(this.log[at])) this.log.splice(at, 1);
  }

  private sameIdsAfter(stream: string, expected: bigint, events: DoubleProposedEvent[]): DoubleAppendOutcome | null {
    const existing = this.streams.get(stream) ?? [];
    const first = Number(expected + 1n);
    const candidates = existing.slice(first, first + events.length);
    if (events.length === 0 || candidates.length !== events.length) return null;
    if (!candidates.every((record, index) => record.id === events[index].id)) return null;
    const last = candidates[candidates.length - 1];
    return { ok: true, lastRevision: last.revision, position: last.position };
  }

  private write(stream: string, events: DoubleProposedEvent[]): DoubleRecord[] {
    const existing = this.streams.get(stream) ?? [];
    this.streams.set(stream, existing);
    const created = BigInt(Date.now()) * 10_000n;
    return events.map((event) => {
      const position = this.nextLogPosition;
      this.nextLogPosition += HEADER_BYTES + BigInt(event.data.length + event.customMetadata.length + event.type.length);
      const record: DoubleRecord = {
        ...event,
        stream,
        revision: BigInt(existing.length),
        position: { commit: position, prepare: position },
        created,
      };
      existing.push(record);
      this.log.push(record);
      return record;
    });
  }
}

function clampCount(count: bigint): number {
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}
