import { CheckpointMovedError, type CheckpointStore } from '../../ports/checkpoint-store.port';
import { START, type EventStore, type GlobalPosition, type ReadAllOptions, type ReadAllResult, type RecordedEvent } from '../../ports/event-store.port';
import { drainFeed, feedPass, type FeedFailure, type PassOptions } from './feed-pass';
import { PerEventProcessor } from './feed-processor';
import { PoisonWatch } from './poison-watch';
import { failureKind } from '../../../kernel/failure-kind';
import type { NewParkedEvent, ParkedEvent, ParkedEvents } from '../../ports/parked-events.port';

/** The global feed in memory: positions are "1", "2", ...; only what the feed consumer uses is implemented. */
class MemoryFeed implements EventStore {
  readonly name = 'memory';
  readonly reads: GlobalPosition[] = [];
  private readonly events: RecordedEvent[] = [];

  add(...types: string[]): void {
    for (const type of types) {
      const n = this.events.length + 1;
      const metadata = {
        eventId: `e${n}`,
        occurredAt: '2025-01-01T00:00:00.000Z',
        actor: 'test',
        correlationId: `e${n}`,
        causationId: `e${n}`,
        schemaVersion: 1,
      };
      this.events.push({ stream: 's', revision: n - 1, position: String(n), type, data: {}, metadata, prevHash: '', hash: '', canonical: '' });
    }
  }

  async readAll({ after = START, maxCount = 500 }: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.reads.push(after);
    const start = after === START ? 0 : Number(after);
    const events = this.events.slice(start, start + maxCount);
    return { events, last: events.at(-1)?.position ?? after };
  }

  onAppended(): () => void {
    return () => undefined;
  }

  append = unused;
  readStream = unused;
  streamHead = unused;
  readChain = unused;
  ping = unused;
  close = unused;
}

function unused(): never {
  throw new Error('not used by the feed consumer');
}

class MemoryCheckpoints implements CheckpointStore {
  readonly stored = new Map<string, GlobalPosition>();

  async load(id: string): Promise<GlobalPosition> {
    return this.stored.get(id) ?? START;
  }

  async save(id: string, expected: GlobalPosition, next: GlobalPosition): Promise<void> {
    if ((this.stored.get(id) ?? START) !== expected) throw new CheckpointMovedError(id, expected);
    this.stored.set(id, next);
  }

  async reset(id: string): Promise<void> {
    this.stored.delete(id);
  }
}

describe('feedPass', () => {
  let feed: MemoryFeed;
  let checkpoints: MemoryCheckpoints;
  let failures: FeedFailure[];
  let options: PassOptions;

  beforeEach(() => {
    feed = new MemoryFeed();
    checkpoints = new MemoryCheckpoints();
    failures = [];
    options = { batchSize: 2, skip: () => false, onFailure: (failure) => void failures.push(failure) };
  });

  function recording(name: string, fail?: string) {
    const seen: string[] = [];
    const processor = new PerEventProcessor(name, checkpoints, async (event) => {
      if (event.type === fail) throw new Error(`${name} cannot handle ${fail}`);
      seen.push(event.type);
    });
    return { processor, seen };
  }

  it('given two processors at the same position, when a pass runs, then the feed is read once and both get the page', async () => {
    feed.add('A', 'B', 'C');
    const one = recording('one');
    const two = recording('two');

    const read = await feedPass(feed, [one.processor, two.processor], options);

    expect(read).toBe(2);
    expect(feed.reads).toEqual([START]);
    expect([one.seen, two.seen]).toEqual([
      ['A', 'B'],
      ['A', 'B'],
    ]);
    expect([...checkpoints.stored]).toEqual([
      ['one', '2'],
      ['two', '2'],
    ]);
  });

  it('given processors at different positions, when a pass runs, then each position is read once', async () => {
    feed.add('A', 'B', 'C');
    await checkpoints.save('ahead', START, '2');
    const ahead = recording('ahead');
    const behind = recording('behind');

    await feedPass(feed, [ahead.processor, behind.processor], options);

    expect(feed.reads).toEqual(['2', START]);
    expect(ahead.seen).toEqual(['C']);
    expect(behind.seen).toEqual(['A', 'B']);
  });

  it('given a processor that fails, when a pass runs, then the others are handed the page and the failure is reported where it stood', async () => {
    feed.add('A', 'B');
    const failing = recording('failing', 'B');
    const healthy = recording('healthy');

    await feedPass(feed, [failing.processor, healthy.processor], options);

    expect(healthy.seen).toEqual(['A', 'B']);
    expect(failures).toEqual([
      {
        processor: failing.processor,
        checkpoints: ['failing'],
        from: START,
        events: expect.any(Array) as unknown,
        error: new Error('failing cannot handle B'),
      },
    ]);
    expect(await checkpoints.load('failing')).toBe('1'); // past A, which it handled; not past B
  });

  it('given a checkpoint to skip, when a pass runs, then nothing is read for it', async () => {
    feed.add('A');
    const skipped = recording('skipped');

    const read = await feedPass(feed, [skipped.processor], { ...options, skip: (checkpoint) => checkpoint === 'skipped' });

    expect(read).toBe(0);
    expect(feed.reads).toEqual([]);
    expect(skipped.seen).toEqual([]);
  });

  it('given a failing processor, when draining, then the others catch up and the first failure is thrown at the end', async () => {
    feed.add('A', 'B', 'C', 'D', 'E');
    const failing = recording('failing', 'A');
    const healthy = recording('healthy');

    await expect(drainFeed(feed, [failing.processor, healthy.processor], 2)).rejects.toThrow('failing cannot handle A');

    expect(healthy.seen).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await checkpoints.load('failing')).toBe(START);
  });
});

class MemoryParked implements ParkedEvents {
  readonly rows: NewParkedEvent[] = [];
  async park(event: NewParkedEvent): Promise<void> {
    this.rows.push(event);
  }
  async list(): Promise<ParkedEvent[]> {
    return this.rows.map((row) => ({ ...row, parkedAt: new Date(0) }));
  }
  async counts(): Promise<ReadonlyMap<string, number>> {
    return new Map(this.rows.map((row) => [row.checkpoint, 1]));
  }
  async remove(checkpoint: string, position: string): Promise<void> {
    const at = this.rows.findIndex((row) => row.checkpoint === checkpoint && row.position === position);
    if (at >= 0) this.rows.splice(at, 1);
  }
  async clear(): Promise<void> {
    this.rows.length = 0;
  }
}

describe('drainFeed with a poison watch', () => {
  const poisonedBy = (error: () => Error) => async (event: RecordedEvent) => {
    if (event.type === 'Bad') throw error();
  };

  function setUp(handle: (event: RecordedEvent) => Promise<void>, policy: 'park' | 'hold' = 'park') {
    const feed = new MemoryFeed();
    feed.add('A', 'B', 'Bad', 'C', 'D');
    const checkpoints = new MemoryCheckpoints();
    const parked = new MemoryParked();
    const handled: string[] = [];
    const processor = new PerEventProcessor(
      'p',
      checkpoints,
      async (event) => {
        await handle(event);
        handled.push(event.type);
      },
      policy,
    );
    return { feed, checkpoints, parked, handled, processor, watch: new PoisonWatch(parked, 3) };
  }

  it('parks an event that fails with a data error and hands every later one over', async () => {
    const { feed, checkpoints, parked, handled, processor, watch } = setUp(
      poisonedBy(() => new TypeError("Cannot read properties of undefined (reading 'x')")),
    );
    await expect(drainFeed(feed, [processor], 10, watch)).resolves.toBeGreaterThan(0);
    expect(handled).toEqual(['A', 'B', 'C', 'D']);
    expect(parked.rows).toEqual([expect.objectContaining({ checkpoint: 'p', position: '3', type: 'Bad', eventId: 'e3', stream: 's', revision: 2 })]);
    expect(checkpoints.stored.get('p')).toBe('5');
  });

  it('parks an event that keeps failing for an unknown reason only after it failed alone three times', async () => {
    let failures = 0;
    const { feed, parked, handled, processor, watch } = setUp(
      poisonedBy(() => {
        failures += 1;
        return new Error('the handler does not like it');
      }),
    );
    await drainFeed(feed, [processor], 10, watch);
    expect(failures).toBe(4); // once in its batch, then three times alone
    expect(parked.rows.map((row) => [row.type, row.failures])).toEqual([['Bad', 3]]);
    expect(handled).toEqual(['A', 'B', 'C', 'D']);
  });

  it('never parks on a transient failure (the database is down): the checkpoint waits at the event', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { feed, checkpoints, parked, handled, processor, watch } = setUp(poisonedBy(() => down));
    await expect(drainFeed(feed, [processor], 10, watch)).rejects.toBe(down);
    expect(parked.rows).toEqual([]);
    expect(handled).toEqual(['A', 'B']);
    expect(checkpoints.stored.get('p')).toBe('2');
  });

  it('never moves a processor that holds (it must not skip an event) past the event', async () => {
    const { feed, checkpoints, parked, processor, watch } = setUp(
      poisonedBy(() => new TypeError('bad shape')),
      'hold',
    );
    await expect(drainFeed(feed, [processor], 10, watch)).rejects.toThrow('bad shape');
    expect(parked.rows).toEqual([]);
    expect(checkpoints.stored.get('p')).toBe('2');
  });
});

describe('failureKind', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each([
    [withCode('22P05', 'unsupported Unicode escape sequence'), 'data'],
    [withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), 'data'],
    [withCode('23514', 'violates check constraint'), 'data'],
    [new TypeError('x is undefined'), 'data'],
    [withCode('ECONNREFUSED'), 'transient'],
    [withCode('57P01', 'terminating connection due to administrator command'), 'transient'],
    [withCode('40P01', 'deadlock detected'), 'transient'],
    [new Error('Connection terminated unexpectedly'), 'transient'],
    [new Error('timeout exceeded when trying to connect'), 'transient'],
    [new Error('something else'), 'unknown'],
    ['a string', 'unknown'],
  ])('%s is %s', (error, kind) => expect(failureKind(error)).toBe(kind));
});
