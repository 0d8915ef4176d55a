import { errorMessage } from '../../../kernel/error-message';
import { WakeSignal } from '../../../kernel/wake-signal';
import type { EventStore } from '../../ports/event-store.port';
import { drainFeed } from './feed-pass';
import { FeedLane, type LaneOptions } from './feed-lane';
import type { FeedProcessor } from './feed-processor';
import { PoisonWatch, type ParkedNotice } from './poison-watch';
import { SharedReads } from './shared-reads';
import { retryParked, type RetryOutcome } from './parked-retry';
import type { ParkedEvents } from '../../ports/parked-events.port';

export type { FeedProcessorFailure } from './feed-lane';

export interface PoisonOptions {
  parked: ParkedEvents;
  /** Failures in a row of one event, handed over alone, before it is parked (a data error parks at once). */
  parkAfter: number;
  onParked?: ParkedNotice;
}

export interface FeedConsumerOptions extends LaneOptions {
  /** Absent: no event is ever set aside; every failure is retried at the same position. */
  poison?: PoisonOptions;
}

/**
 * Follows the global feed for many processors, each in its own lane from its own durable checkpoints, so
 * that a slow or failing processor never holds back another (the projections' lag is what users see).
 * One signal wakes every lane at once on an append in this process; each lane also polls for other
 * processes' appends. Lanes at the same position share a read while it is in flight. A processor that
 * fails is retried after a delay that grows while it keeps failing at the same position; with `poison`
 * options, an event that fails on its own and not for a transient reason is parked (see PoisonWatch) and
 * the processor goes on past it, unless the processor has no `parking` (it then never skips an event).
 */
export class FeedConsumer {
  private readonly processors: readonly FeedProcessor[];
  private readonly appended = new WakeSignal();
  private readonly lanes: readonly FeedLane[];
  private readonly watch: PoisonWatch | null;
  private running: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private halting = false;

  constructor(
    private readonly store: EventStore,
    processors: readonly FeedProcessor[],
    private readonly options: FeedConsumerOptions,
  ) {
    this.processors = [...processors];
    const { poison } = options;
    this.watch = poison ? new PoisonWatch(poison.parked, poison.parkAfter, poison.onParked) : null;
    const context = { reads: new SharedReads(store, this.appended), appended: this.appended, options, watch: this.watch, halting: () => this.halting };
    this.lanes = this.processors.map((processor) => new FeedLane(processor, context));
  }

  start(): void {
    if (this.running) return;
    this.unsubscribe = this.store.onAppended(() => this.appended.notify());
    this.running = this.runLanes();
  }

  /** Lets each lane's batch under way finish, then stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.halting = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.appended.notify();
    try {
      await this.running;
    } finally {
      this.running = null;
      this.halting = false;
    }
  }

  /**
   * Hands every processor everything appended so far (parking what a processor cannot handle), then
   * resolves with the number of feed events read; throws the first other failure. Processors at the same
   * position share each read. For tests, rebuilds and tools.
   */
  catchUp(): Promise<number> {
    return drainFeed(this.store, this.processors, this.options.batchSize, this.watch ?? undefined);
  }

  /** Hands every processor's parked events to it again (at start: a restart usually brings the fix). */
  async retryParked(): Promise<RetryOutcome> {
    const parked = this.options.poison?.parked;
    if (!parked) return { retried: 0, applied: [], failed: [] };
    return retryParked(this.store, parked, this.processors);
  }

  /**
   * Starts following the feed and, once, hands back every parked event (a restart usually brings the fix),
   * telling `report` what came of it; never throws (a failed retry leaves the events parked).
   */
  startAndRetryParked(report: { log(line: string): void; error(line: string): void }): void {
    this.start();
    void this.retryParked().then(
      ({ retried, applied }) => retried > 0 && report.log(`Retried ${retried} parked event(s) at start; ${applied.length} applied`),
      (error: unknown) => report.error(`Could not retry the parked events at start: ${errorMessage(error)}`),
    );
  }

  /** Until every lane has halted, so that a stop waits for them all; then throws what broke a lane, if anything did. */
  private async runLanes(): Promise<void> {
    const outcomes = await Promise.allSettled(this.lanes.map((lane) => lane.run()));
    const broken = outcomes.find((outcome) => outcome.status === 'rejected');
    if (broken) throw broken.reason;
  }
}
