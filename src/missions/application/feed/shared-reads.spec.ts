import { WakeSignal } from '../../../kernel/wake-signal';
import { START, type ReadAllOptions, type ReadAllResult } from '../../ports/event-store.port';
import { SharedReads } from './shared-reads';

/** A feed whose reads are answered by hand. */
class HeldFeed {
  readonly reads: ReadAllOptions[] = [];
  private readonly answers: Array<(result: ReadAllResult) => void> = [];

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.reads.push(options);
    return new Promise((resolve) => this.answers.push(resolve));
  }

  answerAll(): void {
    this.answers.splice(0).forEach((answer) => answer({ events: [], last: START }));
  }
}

describe('SharedReads', () => {
  let feed: HeldFeed;
  let appended: WakeSignal;
  let reads: SharedReads;

  beforeEach(() => {
    feed = new HeldFeed();
    appended = new WakeSignal();
    reads = new SharedReads(feed, appended);
  });

  it('given a read in flight, when another lane asks for the same page, then it shares that read', async () => {
    const one = reads.since(appended.generation).readAll({ after: '5', maxCount: 2 });
    const two = reads.since(appended.generation).readAll({ after: '5', maxCount: 2 });
    feed.answerAll();
    expect(await two).toBe(await one);
    expect(feed.reads).toHaveLength(1);
  });

  it('given lanes at different positions, then each position is read', () => {
    void reads.since(0).readAll({ after: '5', maxCount: 2 });
    void reads.since(0).readAll({ after: '7', maxCount: 2 });
    expect(feed.reads).toEqual([
      { after: '5', maxCount: 2 },
      { after: '7', maxCount: 2 },
    ]);
  });

  it('given a read begun before a wake-up the lane has seen, then the lane reads afresh (it might miss that append)', () => {
    void reads.since(appended.generation).readAll({ after: '5', maxCount: 2 });
    appended.notify();
    void reads.since(appended.generation).readAll({ after: '5', maxCount: 2 });
    expect(feed.reads).toHaveLength(2);
  });

  it('given a read already answered, when a lane asks again, then the feed is read again', async () => {
    const first = reads.since(0).readAll({ after: '5', maxCount: 2 });
    feed.answerAll();
    await first;
    void reads.since(0).readAll({ after: '5', maxCount: 2 });
    expect(feed.reads).toHaveLength(2);
  });
});
