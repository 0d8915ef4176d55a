import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { GENESIS_HASH, sealEvents } from '../../src/kernel/black-box/hash-chain';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../../src/missions/ports/event-store.errors';
import { START } from '../../src/missions/ports/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { startEventStoreDbDouble, type EventStoreDbDouble } from '../doubles/eventstoredb-grpc-double';
import type { DoubleProposedEvent } from '../doubles/eventstoredb-double-store';
import { newEvent, uniqueStream } from '../support/events';
import { match } from '../support/expectations';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Events as the adapter stores them, for writes slipped in behind its back. */
function storedForm(stream: string, lastRevision: number, headHash: string, types: string[]): DoubleProposedEvent[] {
  return sealEvents(
    stream,
    lastRevision,
    headHash,
    types.map((type) => newEvent(type)),
  ).map((event) => ({
    id: event.metadata.eventId,
    type: event.type,
    contentType: 'application/octet-stream',
    data: Buffer.from(event.canonical, 'utf8'),
    customMetadata: Buffer.from(JSON.stringify({ hash: event.hash, prevHash: event.prevHash }), 'utf8'),
  }));
}

describe.each([
  { mode: 'Streams.BatchAppend (a 21.10+ server)', batchAppend: true },
  { mode: 'Streams.Append (a 20.x server)', batchAppend: false },
])('EventStoreDbEventStore against the gRPC double, appending through $mode', ({ batchAppend }) => {
  let double: EventStoreDbDouble;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    double = await startEventStoreDbDouble({ batchAppend });
    store = new EventStoreDbEventStore(double.connectionString, 5000);
  });
  afterAll(async () => {
    await store?.close();
    await double?.stop();
  });

  it('stores the exact canonical bytes as a binary event keyed by the event id, and reads them back', async () => {
    const stream = uniqueStream('mission');
    const events = [newEvent('MissionOpened', { prompt: 'a todo app', ünï: 'cödé' }), newEvent('UserMessageReceived', { text: 'yes' })];
    const expected = sealEvents(stream, -1, GENESIS_HASH, events);
    const result = await store.append(stream, events, 'no_stream');

    expect(result).toEqual({ nextRevision: 1, headHash: expected[1].hash, position: match.stringMatching(/^\d+:\d+$/) });
    const stored = double.store.readStream(stream, false, 'start', 10n) ?? [];
    expect(stored.map((record) => Buffer.from(record.data).toString('utf8'))).toEqual(expected.map((event) => event.canonical));
    expect(stored.map((record) => record.id)).toEqual(events.map((event) => event.metadata.eventId));
    expect(stored.map((record) => [record.type, record.contentType])).toEqual([
      ['MissionOpened', 'application/octet-stream'],
      ['UserMessageReceived', 'application/octet-stream'],
    ]);
    expect(JSON.parse(Buffer.from(stored[1].customMetadata).toString('utf8'))).toEqual({ hash: expected[1].hash, prevHash: expected[0].hash });

    const read = await store.readStream(stream);
    expect(read.map(({ position, ...event }) => event)).toEqual(expected);
    for (const event of read) expect(sha256(event.canonical)).toBe(event.hash);
    expect(read[1].position).toBe(result.position);
    expect(await store.readChain(stream)).toEqual(expected.map((event) => ({ revision: event.revision, hash: event.hash, canonical: event.canonical })));
    expect(await store.streamHead(stream)).toEqual({ stream, count: 2, lastRevision: 1, headHash: expected[1].hash });
    expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream))).toMatchObject({ valid: true, events: 2 });
    // The client asks for the server's features once, then appends with the RPC they allow.
    expect(double.store.calls.get('ServerFeatures.GetSupportedMethods')).toBe(1);
    expect(double.store.calls.get(batchAppend ? 'Streams.BatchAppend' : 'Streams.Append')).toBeGreaterThanOrEqual(1);
    expect(double.store.calls.get(batchAppend ? 'Streams.Append' : 'Streams.BatchAppend')).toBeUndefined();
  });

  it('reads a stream forwards and backwards from an inclusive revision, and a missing stream as empty', async () => {
    const stream = uniqueStream();
    await store.append(
      stream,
      [0, 1, 2, 3].map((n) => newEvent('Counted', { n })),
      'no_stream',
    );
    expect((await store.readStream(stream, { fromRevision: 2 })).map((event) => event.revision)).toEqual([2, 3]);
    expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 2, maxCount: 2 })).map((event) => event.revision)).toEqual([2, 1]);
    expect((await store.readStream(stream, { direction: 'backwards' })).map((event) => event.revision)).toEqual([3, 2, 1, 0]);
    expect(await store.readStream(stream, { fromRevision: 9 })).toEqual([]);
    expect(await store.readStream(uniqueStream())).toEqual([]);
    expect(await store.readChain(uniqueStream())).toEqual([]);
    expect(await store.streamHead(uniqueStream())).toBeNull();
  });

  it('checks each kind of expected revision, right and wrong', async () => {
    const stream = uniqueStream();
    await expect(store.append(stream, [newEvent('A')], 'stream_exists')).rejects.toMatchObject({ stream, expected: 'stream_exists', actual: 'no_stream' });
    await expect(store.append(stream, [newEvent('A')], 0)).rejects.toMatchObject({ expected: 0, actual: 'no_stream' });
    expect((await store.append(stream, [newEvent('A')], 'no_stream')).nextRevision).toBe(0);
    await expect(store.append(stream, [newEvent('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.append(stream, [newEvent('B')], 'stream_exists')).nextRevision).toBe(1);
    await expect(store.append(stream, [newEvent('C')], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
    expect((await store.append(stream, [newEvent('C')], 1)).nextRevision).toBe(2);
    expect((await store.append(stream, [newEvent('D')], 'any')).nextRevision).toBe(3);
    expect((await store.append(uniqueStream(), [newEvent('A')], 'any')).nextRevision).toBe(0);
    expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream))).toMatchObject({ valid: true, events: 4 });
  });

  it('re-reads and chains onto a write that slipped in between its read and its append, when the caller said any', async () => {
    const stream = uniqueStream();
    const opened = await store.append(stream, [newEvent('Opened')], 'no_stream');
    double.store.beforeAppend = (name) => double.store.append(name, { kind: 'any' }, storedForm(name, 0, opened.headHash, ['Interloper']));
    const result = await store.append(stream, [newEvent('Mine')], 'any');
    expect(double.store.beforeAppend).toBeNull();
    expect(result.nextRevision).toBe(2);
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['Opened', 'Interloper', 'Mine']);
    expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream))).toMatchObject({ valid: true, events: 3 });
  });

  it('reports the new revision when a write slipped in and the caller expected the old one', async () => {
    const stream = uniqueStream();
    const opened = await store.append(stream, [newEvent('Opened')], 'no_stream');
    double.store.beforeAppend = (name) => double.store.append(name, { kind: 'any' }, storedForm(name, 0, opened.headHash, ['Interloper']));
    await expect(store.append(stream, [newEvent('Mine')], 0)).rejects.toMatchObject({ stream, expected: 0, actual: 1 });
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['Opened', 'Interloper']);
  });

  it('answers a retried append with the original result and writes nothing twice', async () => {
    const stream = uniqueStream();
    const batch = [newEvent('A'), newEvent('B')];
    const first = await store.append(stream, batch, 'no_stream');
    const writes = double.store.writes;
    expect(await store.append(stream, batch, 'no_stream')).toEqual(first);
    expect(await store.append(stream, batch, 'any')).toEqual(first);
    expect(await store.append(stream, batch, 'stream_exists')).toEqual(first);
    expect(double.store.writes).toBe(writes);
    await store.append(stream, [newEvent('C')], 1);
    expect(await store.append(stream, batch, 1)).toEqual(first);
    await expect(store.append(stream, [batch[1], newEvent('D')], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(store.append(stream, [batch[1], batch[0]], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['A', 'B', 'C']);
  });

  it('keeps one linear chain when two processes append to the same stream at once', async () => {
    const other = new EventStoreDbEventStore(double.connectionString, 5000);
    try {
      const stream = uniqueStream();
      await Promise.all([store, other, store, other, store, other].map((writer, n) => writer.append(stream, [newEvent('Raced', { n })], 'any')));
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream)).valid).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('reads all streams in global order from an exclusive cursor, skipping system and foreign events', async () => {
    const [a, b] = [uniqueStream('a'), uniqueStream('b')];
    const { last: before } = await store.readAll({ maxCount: 100_000 });
    const foreign = EventStoreDBClient.connectionString(double.connectionString);
    try {
      await store.append(a, [newEvent('A0')], 'no_stream');
      await foreign.appendToStream('other-app', [jsonEvent({ type: 'SomethingElse', data: { x: 1 } }), jsonEvent({ type: 'More', data: {} })]);
      await store.append(b, [newEvent('B0'), newEvent('B1')], 'no_stream');
      await store.append(a, [newEvent('A1')], 0);
    } finally {
      await foreign.dispose();
    }

    const everything = await store.readAll();
    expect(everything.events.some((event) => event.stream.startsWith('$') || event.type.startsWith('$'))).toBe(false);
    expect(everything.events.some((event) => event.stream === 'other-app')).toBe(false);
    const seen: string[] = [];
    let after = before;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1 });
      if (page.events.length === 0) {
        expect(page.last).toBe(after);
        break;
      }
      expect(page.events).toHaveLength(1);
      expect(page.last).toBe(page.events[0].position);
      expect(page.last).toMatch(/^\d+:\d+$/);
      seen.push(`${page.events[0].stream}@${page.events[0].revision}`);
      after = page.last;
    }
    expect(seen).toEqual([`${a}@0`, `${b}@0`, `${b}@1`, `${a}@1`]);
    expect((await store.readAll({ after: START, maxCount: 100_000 })).last).toBe(after);
    await expect(store.readAll({ after: 'not-a-position' })).rejects.toThrow(/not a position of the EventStoreDB event store/);
  });
});

describe('EventStoreDbEventStore against a server that does not answer', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let port: number;

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('rejects a ping and an append with EventStoreUnavailableError within its timeout', async () => {
    const store = new EventStoreDbEventStore(`esdb://127.0.0.1:${port}?tls=false`, 1500);
    try {
      await expect(store.ping()).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.ping()).rejects.toThrow(`EventStoreDB at esdb://127.0.0.1:${port}?tls=false did not answer within 1500 ms (ping)`);
      await expect(store.append(uniqueStream(), [newEvent('A')], 'any')).rejects.toThrow(/did not answer within 1500 ms/);
      await expect(store.readAll()).rejects.toThrow(EventStoreUnavailableError);
    } finally {
      for (const socket of sockets) socket.destroy();
      await store.close();
    }
  });
});

describe('EventStoreDbEventStore against a port nobody listens on', () => {
  it('rejects a ping and an append with EventStoreUnavailableError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const store = new EventStoreDbEventStore(`esdb://admin:changeit@127.0.0.1:${port}?tls=false`, 5000);
    try {
      const ping = store.ping();
      await expect(ping).rejects.toThrow(EventStoreUnavailableError);
      await expect(ping).rejects.toThrow(`EventStoreDB at esdb://127.0.0.1:${port}?tls=false is unavailable (ping)`);
      await expect(store.append(uniqueStream(), [newEvent('A')], 'any')).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.readStream(uniqueStream())).rejects.toThrow(EventStoreUnavailableError);
    } finally {
      await store.close();
    }
  });

  it('refuses calls once closed', async () => {
    const double = await startEventStoreDbDouble();
    const store = new EventStoreDbEventStore(double.connectionString);
    await store.close();
    await expect(store.ping()).rejects.toThrow(/is closed/);
    await double.stop();
  });
});
