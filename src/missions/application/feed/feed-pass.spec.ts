import { CheckpointMovedError, type CheckpointStore } from '../../ports/checkpoint-store.port';
import { START, type EventStore, type GlobalPosition, type ReadAllOptions, type ReadAllResult, type RecordedEvent } from '../../ports/event-store.port';
import { drainFeed, feedPass, type FeedFailure, type PassOptions } from './feed-pass';
import { PerEventProcessor } from './feed-processor';

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
    expect(failures).toEqual([{ processor: failing.processor, checkpoints: ['failing'], from: START, error: new Error('failing cannot handle B') }]);
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
