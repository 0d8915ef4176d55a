import { FeedConsumer, type FeedProcessorFailure } from '../../src/missions/application/feed/feed-consumer';
import { PerEventProcessor } from '../../src/missions/application/feed/feed-processor';
import { CheckpointMovedError } from '../../src/missions/ports/checkpoint-store.port';
import { START, type RecordedEvent } from '../../src/missions/ports/event-store.port';
import { PostgresCheckpointStore } from '../../src/missions/infrastructure/postgres-checkpoint-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { newEvent, uniqueStream } from '../support/events';
import { required } from '../support/expectations';
import { liveFeed } from '../support/live-feed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SETTINGS = { batchSize: 200, pollIntervalMs: 60_000, maxRetryDelayMs: 60_000 };

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('FeedConsumer with durable checkpoints', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    checkpoints = new PostgresCheckpointStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  /** A processor that notes the types of one stream's events; `arrived` resolves once it has seen `expected` of them. */
  function recorder(name: string, stream: string, expected = Infinity) {
    const seen: string[] = [];
    let done: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (done = resolve));
    const processor = new PerEventProcessor(name, checkpoints, async (event) => {
      if (event.stream !== stream) return;
      seen.push(event.type);
      if (seen.length === expected) done();
    });
    return { processor, seen, arrived };
  }

  it('resumes after the last handled event when started again', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    const first = recorder('resume', stream);
    await new FeedConsumer(store, [first.processor], SETTINGS).catchUp();
    await store.append(stream, [newEvent('C')], 1);
    const second = recorder('resume', stream);
    const handled = await new FeedConsumer(store, [second.processor], SETTINGS).catchUp();
    expect(first.seen).toEqual(['A', 'B']);
    expect(second.seen).toEqual(['C']);
    expect(handled).toBe(1);
  });

  it('does not move the checkpoint past an event whose handler failed', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('Good'), newEvent('Poison'), newEvent('After')], 'no_stream');
    const failing = new PerEventProcessor('poison', checkpoints, async (event) => {
      if (event.type === 'Poison') throw new Error('handler failed');
    });
    await expect(new FeedConsumer(store, [failing], SETTINGS).catchUp()).rejects.toThrow('handler failed');
    const retried = recorder('poison', stream);
    await new FeedConsumer(store, [retried.processor], SETTINGS).catchUp();
    expect(retried.seen).toEqual(['Poison', 'After']);
  });

  it('follows new appends while running, woken by the append', async () => {
    const stream = uniqueStream();
    const seen: RecordedEvent[] = [];
    let arrived: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (arrived = resolve));
    const consumer = liveFeed(
      store,
      new PerEventProcessor('live', checkpoints, async (event) => {
        if (event.stream !== stream) return;
        seen.push(event);
        if (seen.length === 3) arrived();
      }),
    );
    await store.append(stream, [newEvent('A')], 'no_stream');
    await store.append(stream, [newEvent('B'), newEvent('C')], 0);
    await allArrived;
    await consumer.stop();
    expect(seen.map((event) => event.revision)).toEqual([0, 1, 2]);
  });

  it('refuses to save over a checkpoint that another process moved', async () => {
    await checkpoints.save('contended', START, '5/10');
    await expect(checkpoints.save('contended', START, '5/11')).rejects.toBeInstanceOf(CheckpointMovedError);
    await expect(checkpoints.save('contended', '5/9', '5/12')).rejects.toBeInstanceOf(CheckpointMovedError);
    await checkpoints.save('contended', '5/10', '6/1');
    expect(await checkpoints.load('contended')).toBe('6/1');
  });

  it('runs each processor from its own checkpoint', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    await new FeedConsumer(store, [recorder('ahead', stream).processor], SETTINGS).catchUp();
    await store.append(stream, [newEvent('C')], 1);

    const ahead = recorder('ahead', stream);
    const behind = recorder('behind', stream);
    await new FeedConsumer(store, [ahead.processor, behind.processor], SETTINGS).catchUp();

    expect(ahead.seen).toEqual(['C']);
    expect(behind.seen).toEqual(['A', 'B', 'C']);
    expect(await checkpoints.load('behind')).toBe(await checkpoints.load('ahead'));
  });

  it('reads the feed once for the processors that stand at the same position', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('A')], 'no_stream');
    const reads = jest.spyOn(store, 'readAll');
    try {
      const one = recorder('same-position-1', stream);
      const two = recorder('same-position-2', stream);
      await new FeedConsumer(store, [one.processor, two.processor], SETTINGS).catchUp();
      expect(reads).toHaveBeenCalledTimes(2); // the page, then the empty read that says they are caught up
      expect([one.seen, two.seen]).toEqual([['A'], ['A']]);
    } finally {
      reads.mockRestore();
    }
  });

  it('hands everything to the other processors when one fails, then throws its failure', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('Good'), newEvent('Poison'), newEvent('After')], 'no_stream');
    const failing = new PerEventProcessor('poisoned', checkpoints, async (event) => {
      if (event.type === 'Poison') throw new Error('handler failed');
    });
    const healthy = recorder('healthy', stream);
    await expect(new FeedConsumer(store, [failing, healthy.processor], SETTINGS).catchUp()).rejects.toThrow('handler failed');
    expect(healthy.seen).toEqual(['Good', 'Poison', 'After']);
  });

  it('keeps the others going while one processor keeps failing, retrying it later and later without skipping the event', async () => {
    const stream = uniqueStream();
    let broken = true;
    const stuck: string[] = [];
    const flaky = new PerEventProcessor('flaky', checkpoints, async (event) => {
      if (event.stream !== stream) return;
      if (broken && event.type === 'Poison') throw new Error('cannot handle Poison yet');
      stuck.push(event.type);
    });
    const healthy = recorder('steady', stream, 3);
    const failures: FeedProcessorFailure[] = [];
    const settings = { batchSize: 200, pollIntervalMs: 10, maxRetryDelayMs: 40, onError: (failure: FeedProcessorFailure) => void failures.push(failure) };
    const consumer = new FeedConsumer(store, [flaky, healthy.processor], settings);
    consumer.start();
    try {
      await store.append(stream, [newEvent('Good'), newEvent('Poison'), newEvent('After')], 'no_stream');
      await healthy.arrived;
      await until(() => failures.length >= 5);
      expect(stuck).toEqual(['Good']);
      expect(failures.every((failure) => failure.processor === flaky && failure.checkpoints.includes('flaky'))).toBe(true);
      expect(failures.at(-1)).toMatchObject({ retryInMs: 40 });
      expect(required(failures.at(-1), 'a last failure').failures).toBeGreaterThanOrEqual(3);

      broken = false;
      await until(() => stuck.length === 3);
      expect(stuck).toEqual(['Good', 'Poison', 'After']);
    } finally {
      await consumer.stop();
    }
  });

  it('lets each processor go its own pace: one blocked in its handler holds back no other', async () => {
    const stream = uniqueStream();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let blocked: () => void = () => undefined;
    const isBlocked = new Promise<void>((resolve) => (blocked = resolve));
    const slowSeen: string[] = [];
    const slow = new PerEventProcessor('slow-lane', checkpoints, async (event) => {
      if (event.stream !== stream) return;
      if (slowSeen.length === 0) {
        blocked();
        await released;
      }
      slowSeen.push(event.type);
    });
    const fast = recorder('fast-lane', stream, 5);
    const consumer = new FeedConsumer(store, [slow, fast.processor], { ...SETTINGS, batchSize: 2 });
    consumer.start();
    try {
      await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D'), newEvent('E')], 'no_stream');
      await isBlocked;
      await fast.arrived;
      expect(fast.seen).toEqual(['A', 'B', 'C', 'D', 'E']); // three pages of two events
      expect(slowSeen).toEqual([]); // while the slow one is still inside its first event

      release();
      await until(() => slowSeen.length === 5);
      await consumer.stop(); // lets the batch under way finish: it saves the checkpoints
      const last = required((await store.readStream(stream)).at(-1), 'a last event').position;
      expect(slowSeen).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect([await checkpoints.load('slow-lane'), await checkpoints.load('fast-lane')]).toEqual([last, last]);
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('resumes from its checkpoint after a restart, missing nothing appended while it was stopped', async () => {
    const stream = uniqueStream();
    const before = recorder('restarted', stream, 2);
    const first = liveFeed(store, before.processor);
    await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    await before.arrived;
    await first.stop();
    await store.append(stream, [newEvent('C')], 1);

    const after = recorder('restarted', stream, 1);
    const second = liveFeed(store, after.processor);
    await after.arrived;
    await second.stop();

    expect(before.seen).toEqual(['A', 'B']);
    expect(after.seen).toEqual(['C']);
  });
});
