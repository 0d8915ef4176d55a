import { createHash } from 'node:crypto';
import { verifyChain } from '../../src/kernel/black-box/chain-verifier';
import { GENESIS_HASH } from '../../src/kernel/black-box/hash-chain';
import { DuplicateEventIdError, InvalidEventError, WrongExpectedRevisionError } from '../../src/missions/ports/event-store.errors';
import type { EventStore } from '../../src/missions/ports/event-store.port';
import { newEvent, uniqueStream } from '../support/events';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

async function readAllOf(store: EventStore, streams: Set<string>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 100 });
    if (page.events.length === 0) return seen;
    page.events.filter((event) => streams.has(event.stream)).forEach((event) => seen.push(`${event.stream}@${event.revision}`));
    after = page.last;
  }
}

/** The behaviour every EventStore adapter must share; run by each adapter's spec. */
export function describeEventStoreContract(label: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${label}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterAll(async () => subject?.cleanup());

    it('chains a new stream from the genesis hash and stores the hashed bytes exactly', async () => {
      const stream = uniqueStream();
      const result = await store.append(
        stream,
        [newEvent('MissionOpened', { prompt: 'a todo app', ünï: 'cödé' }), newEvent('UserMessageReceived', { text: 'yes' })],
        'no_stream',
      );
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0, 1]);
      expect(events[0].prevHash).toBe(GENESIS_HASH);
      expect(events[1].prevHash).toBe(events[0].hash);
      for (const event of events) expect(createHash('sha256').update(event.canonical, 'utf8').digest('hex')).toBe(event.hash);
      expect(events[0].data).toEqual({ prompt: 'a todo app', ünï: 'cödé' });
      expect(result).toMatchObject({ nextRevision: 1, headHash: events[1].hash });
      expect(await store.streamHead(stream)).toEqual({ stream, count: 2, lastRevision: 1, headHash: events[1].hash });
    });

    it('reads forwards and backwards from a revision, bounded by a count', async () => {
      const stream = uniqueStream();
      await store.append(
        stream,
        [0, 1, 2, 3, 4].map((n) => newEvent('Counted', { n })),
        'no_stream',
      );
      const forwards = await store.readStream(stream, { fromRevision: 1, maxCount: 2 });
      const backwards = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
      const fromThree = await store.readStream(stream, { direction: 'backwards', fromRevision: 3 });
      expect(forwards.map((event) => event.data.n)).toEqual([1, 2]);
      expect(backwards.map((event) => event.revision)).toEqual([4, 3]);
      expect(fromThree.map((event) => event.revision)).toEqual([3, 2, 1, 0]);
      expect(await store.readStream(uniqueStream())).toEqual([]);
      expect(await store.streamHead(uniqueStream())).toBeNull();
    });

    it('honours every kind of expected revision', async () => {
      const stream = uniqueStream();
      await expect(store.append(stream, [newEvent('A')], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(stream, [newEvent('A')], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.append(stream, [newEvent('A')], 'no_stream');
      await expect(store.append(stream, [newEvent('B')], 'no_stream')).rejects.toMatchObject({ actual: 0, stream });
      await store.append(stream, [newEvent('B')], 'stream_exists');
      await expect(store.append(stream, [newEvent('C')], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
      await store.append(stream, [newEvent('C')], 1);
      const result = await store.append(stream, [newEvent('D')], 'any');
      expect(result.nextRevision).toBe(3);
      const any = uniqueStream();
      expect((await store.append(any, [newEvent('A')], 'any')).nextRevision).toBe(0);
      const verified = verifyChain(stream, await store.readChain(stream), await store.streamHead(stream));
      expect(verified).toMatchObject({ valid: true, events: 4 });
    });

    it('writes nothing twice when an append is retried with the same event ids', async () => {
      const stream = uniqueStream();
      const batch = [newEvent('A'), newEvent('B')];
      const first = await store.append(stream, batch, 'no_stream');
      const retried = await store.append(stream, batch, 'no_stream');
      const retriedAny = await store.append(stream, batch, 'any');
      expect(retried).toEqual(first);
      expect(retriedAny).toEqual(first);
      await store.append(stream, [newEvent('C')], 1);
      expect(await store.append(stream, batch, 'no_stream')).toEqual(first);
      expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['A', 'B', 'C']);
    });

    it('writes a one-event append once when retried, also after later appends and with any revision', async () => {
      const stream = uniqueStream();
      const single = newEvent('A');
      const first = await store.append(stream, [single], 'no_stream');
      expect(await store.append(stream, [single], 'no_stream')).toEqual(first);
      await store.append(stream, [newEvent('B')], 0);
      // 'any' on a known head: the insert itself meets the stored id (a unique violation), and the earlier append is the answer.
      expect(await store.append(stream, [single], 'any')).toEqual(first);
      await expect(store.append(stream, [newEvent('C')], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['A', 'B']);
      expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream)).valid).toBe(true);
    });

    it('refuses an event id reused by a different append', async () => {
      const stream = uniqueStream();
      const reused = newEvent('A');
      await store.append(stream, [reused, newEvent('B')], 'no_stream');
      await expect(store.append(stream, [newEvent('X'), reused], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('refuses events the Black Box cannot hash byte-stably, and writes nothing', async () => {
      const stream = uniqueStream();
      await expect(store.append(stream, [newEvent('A', { price: 1.5 })], 'any')).rejects.toBeInstanceOf(InvalidEventError);
      await expect(store.append(stream, [], 'any')).rejects.toBeInstanceOf(InvalidEventError);
      const noId = newEvent('A');
      noId.metadata.eventId = 'not-a-uuid';
      await expect(store.append(stream, [noId], 'any')).rejects.toBeInstanceOf(InvalidEventError);
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('lets exactly one of 50 racing appends at the same revision win, and keeps the chain linear', async () => {
      const stream = uniqueStream();
      await store.append(stream, [newEvent('Opened')], 'no_stream');
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, writer) => store.append(stream, [newEvent('Raced', { writer })], 0)));
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0, 1]);
      expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream)).valid).toBe(true);
    });

    it('chains concurrent appends that expect any revision without losing one', async () => {
      const stream = uniqueStream();
      await Promise.all(Array.from({ length: 20 }, (_, writer) => store.append(stream, [newEvent('Any', { writer })], 'any')));
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 20 }, (_, index) => index));
      expect(new Set(events.map((event) => event.data.writer)).size).toBe(20);
      expect(verifyChain(stream, await store.readChain(stream), await store.streamHead(stream)).valid).toBe(true);
    });

    it('reads all streams in the order they were appended, page by page from a cursor', async () => {
      const [a, b] = [uniqueStream('a'), uniqueStream('b')];
      await store.append(a, [newEvent('A0')], 'no_stream');
      await store.append(b, [newEvent('B0'), newEvent('B1')], 'no_stream');
      await store.append(a, [newEvent('A1')], 0);
      expect(await readAllOf(store, new Set([a, b]))).toEqual([`${a}@0`, `${b}@0`, `${b}@1`, `${a}@1`]);
      const { last } = await store.readAll({ maxCount: 1_000_000 });
      const after = await store.readAll({ after: last });
      expect(after).toEqual({ events: [], last });
    });

    it('wakes listeners after an append', async () => {
      const woken = jest.fn();
      const stop = store.onAppended(woken);
      await store.append(uniqueStream(), [newEvent('A')], 'any');
      stop();
      await store.append(uniqueStream(), [newEvent('A')], 'any');
      expect(woken).toHaveBeenCalledTimes(1);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
