import type { WakeSignal } from '../../../kernel/wake-signal';
import { START, type ReadAllOptions, type ReadAllResult } from '../../ports/event-store.port';
import type { FeedReader } from './feed-pass';

interface InFlight {
  /** The signal's generation when the read began. */
  readonly generation: number;
  readonly page: Promise<ReadAllResult>;
}

/**
 * Lets lanes that stand at the same position share a read of the feed while it is in flight (lanes woken
 * by the same append usually ask at once); nothing is kept once it is answered, so a lane never waits for
 * another lane, only for the read. A lane joins only a read begun no earlier than the wake-up it last saw:
 * an older read may have begun before an append the lane was woken for, and the lane would sleep past it.
 */
export class SharedReads {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly feed: FeedReader,
    private readonly appended: WakeSignal,
  ) {}

  /** A reader for a lane that has seen the wake-ups up to generation `seen`. */
  since(seen: number): FeedReader {
    return { readAll: (options = {}) => this.read(options, seen) };
  }

  private read(options: ReadAllOptions, seen: number): Promise<ReadAllResult> {
    const key = `${options.after ?? START} ${options.maxCount ?? ''}`;
    const current = this.inFlight.get(key);
    if (current && current.generation >= seen) return current.page;
    const entry: InFlight = { generation: this.appended.generation, page: this.feed.readAll(options) };
    this.inFlight.set(key, entry);
    const forget = (): void => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    entry.page.then(forget, forget);
    return entry.page;
  }
}
