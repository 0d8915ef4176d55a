import { EventStoreDBClient } from '@eventstore/db-client';
import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { sealEvents } from '../../src/kernel/black-box/hash-chain';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { HEAD_KEY } from '../../src/event-store/eventstoredb/eventstoredb-heads';
import { startEventStoreDbDouble, type EventStoreDbDouble } from '../doubles/eventstoredb-grpc-double';
import { newEvent, uniqueStream } from '../support/events';
import { match, required } from '../support/expectations';

/** The head EventStoreDB keeps apart from the events (the stream's metadata), so a cut tail is not vacuous there either. */
describe('EventStoreDB: the Black Box head in stream metadata', () => {
  let double: EventStoreDbDouble;
  let store: EventStoreDbEventStore;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    double = await startEventStoreDbDouble();
    store = new EventStoreDbEventStore(double.connectionString, 5000);
    client = EventStoreDBClient.connectionString(double.connectionString);
  });
  afterAll(async () => {
    await client?.dispose();
    await store?.close();
    await double?.stop();
  });

  const verify = async (stream: string) => verifyChain(stream, await store.readChain(stream), await store.streamHead(stream));

  async function fiveEvents(stream: string): Promise<string> {
    await store.append(stream, [newEvent('MissionOpened'), newEvent('BuildConfirmed')], 'no_stream');
    const last = await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 1);
    return last.headHash;
  }

  it('records the head in the stream metadata after every append', async () => {
    const stream = uniqueStream('mission');
    const headHash = await fiveEvents(stream);
    expect(await store.streamHead(stream)).toEqual({ stream, count: 5, lastRevision: 4, headHash });
    const metadata = double.store.readStream(`$$${stream}`, false, 'start', 10n) ?? [];
    expect(metadata.map((record) => [record.type, record.contentType])).toEqual([
      ['$metadata', 'application/json'],
      ['$metadata', 'application/json'],
    ]);
    expect(JSON.parse(Buffer.from(metadata[1].data).toString('utf8'))).toEqual({ [HEAD_KEY]: { count: 5, lastRevision: 4, headHash } });
    expect((await verify(stream)).valid).toBe(true);
  });

  it('reports a cut tail, which a head derived from the last event could never do', async () => {
    const stream = uniqueStream('mission');
    await fiveEvents(stream);
    double.store.cutTail(stream, 3);
    expect(await store.readChain(stream)).toHaveLength(3);
    expect(await verify(stream)).toMatchObject({
      valid: false,
      firstInvalidRevision: 3,
      reason: 'the tail was cut: the head records 5 events, 3 remain',
    });
  });

  it('reports the last event rewritten with its hash recomputed, against the recorded head hash', async () => {
    const stream = uniqueStream('mission');
    await fiveEvents(stream);
    const kept = required(double.store.readStream(stream, false, 'start', 10n), 'the stream');
    double.store.cutTail(stream, 4);
    const prevHash = (JSON.parse(Buffer.from(kept[3].customMetadata).toString('utf8')) as { hash: string }).hash;
    const [forged] = sealEvents(stream, 3, prevHash, [newEvent('MissionSucceeded')]);
    double.store.append(stream, { kind: 'revision', revision: 3n }, [
      {
        id: forged.metadata.eventId,
        type: forged.type,
        contentType: 'application/octet-stream',
        data: Buffer.from(forged.canonical, 'utf8'),
        customMetadata: Buffer.from(JSON.stringify({ hash: forged.hash, prevHash: forged.prevHash }), 'utf8'),
      },
    ]);
    expect(await verify(stream)).toMatchObject({ valid: false, firstInvalidRevision: 4, reason: match.stringContaining('recorded head hash') });
  });

  it("keeps EventStoreDB's own metadata keys when it writes the head", async () => {
    const stream = uniqueStream('mission');
    await client.setStreamMetadata(stream, { maxAge: 86_400, custom: 'kept' });
    const headHash = await fiveEvents(stream);
    const { metadata } = await client.getStreamMetadata(stream);
    expect(metadata).toMatchObject({ maxAge: 86_400, custom: 'kept', [HEAD_KEY]: { count: 5, headHash } });
  });

  it('a head left behind by an append whose head write was lost is reported, and the next append repairs it', async () => {
    const stream = uniqueStream('mission');
    const headHash = await fiveEvents(stream);
    const [behind] = sealEvents(stream, 4, headHash, [newEvent('D')]);
    double.store.append(stream, { kind: 'revision', revision: 4n }, [
      {
        id: behind.metadata.eventId,
        type: behind.type,
        contentType: 'application/octet-stream',
        data: Buffer.from(behind.canonical, 'utf8'),
        customMetadata: Buffer.from(JSON.stringify({ hash: behind.hash, prevHash: behind.prevHash }), 'utf8'),
      },
    ]);
    expect(await verify(stream)).toMatchObject({ valid: false, reason: match.stringContaining("behind the head's back") });
    await store.append(stream, [newEvent('E')], 5);
    expect(await verify(stream)).toMatchObject({ valid: true, events: 7 });
  });

  it('never lets an older head overwrite a newer one when two processes append to the same stream', async () => {
    const stream = uniqueStream('mission');
    const other = new EventStoreDbEventStore(double.connectionString, 5000);
    try {
      await store.append(stream, [newEvent('MissionOpened')], 'no_stream');
      await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 ? store : other).append(stream, [newEvent(`E${n}`)], 'any')));
      expect(await store.streamHead(stream)).toMatchObject({ count: 9, lastRevision: 8 });
      expect((await verify(stream)).valid).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('has no head for a stream never written, and the feed never carries the metadata records', async () => {
    expect(await store.streamHead(uniqueStream())).toBeNull();
    const stream = uniqueStream('mission');
    await fiveEvents(stream);
    const { events } = await store.readAll({ maxCount: 10_000 });
    expect(events.filter((event) => event.stream.startsWith('$'))).toEqual([]);
    expect(events.filter((event) => event.stream === stream)).toHaveLength(5);
  });
});
