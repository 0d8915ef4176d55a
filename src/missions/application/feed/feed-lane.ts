import type { FeedSettings } from '../../../config/gantry-config';
import type { WakeSignal } from '../../../kernel/wake-signal';
import { feedPass, type FeedFailure, type PassOptions } from './feed-pass';
import type { FeedProcessor } from './feed-processor';
import type { PoisonWatch } from './poison-watch';
import { RetrySchedule } from './retry-schedule';
import type { SharedReads } from './shared-reads';

export interface FeedProcessorFailure extends FeedFailure {
  /** Failures in a row at this position (1 after the first). */
  failures: number;
  /** How long the checkpoints sit out before the next try. */
  retryInMs: number;
}

export interface LaneOptions extends Omit<FeedSettings, 'parkAfter'> {
  onError?: (failure: FeedProcessorFailure) => void;
}

/** What the lanes of one consumer share: the feed's reads, and the signal that wakes them on an append or a stop. */
export interface LaneContext {
  readonly reads: SharedReads;
  readonly appended: WakeSignal;
  readonly options: LaneOptions;
  /** Sets aside an event a processor cannot handle; absent: every failure is retried at the same position. */
  readonly watch: PoisonWatch | null;
  halting(): boolean;
}

/**
 * One processor's way along the feed: pass after pass until it is caught up, then asleep until an append,
 * the next poll or its next retry. It waits for nothing but its own processor and the feed's reads, so a
 * slow or failing processor holds back only its own lane; its failures wait out their own retry schedule.
 */
export class FeedLane {
  private readonly retries: RetrySchedule;
  private readonly passOptions: PassOptions;

  constructor(
    readonly processor: FeedProcessor,
    private readonly context: LaneContext,
  ) {
    const { pollIntervalMs, maxRetryDelayMs, batchSize } = context.options;
    this.retries = new RetrySchedule(pollIntervalMs, maxRetryDelayMs);
    const { watch } = context;
    this.passOptions = {
      batchSize,
      skip: (checkpoint, at) => this.retries.waiting(checkpoint, at),
      batchSizeFor: (checkpoint, at) => watch?.batchSize(checkpoint, at, batchSize) ?? batchSize,
      onSuccess: (checkpoints) =>
        checkpoints.forEach((checkpoint) => {
          this.retries.succeeded(checkpoint);
          watch?.succeeded(checkpoint);
        }),
      onFailure: (failure) => this.onFailure(failure),
    };
  }

  /** Resolves once the consumer halts, after the batch under way. */
  async run(): Promise<void> {
    const { appended, reads } = this.context;
    while (!this.context.halting()) {
      const seen = appended.generation;
      const read = await feedPass(reads.since(seen), [this.processor], this.passOptions);
      if (read === 0 && !this.context.halting()) await appended.wait(this.sleepMs(), seen);
    }
  }

  /** Until the next poll, or sooner when a retry falls due first. */
  private sleepMs(): number {
    return Math.min(this.context.options.pollIntervalMs, this.retries.nextDueIn() ?? Infinity);
  }

  /** A checkpoint whose event was parked goes on at once; the others wait for their next try. */
  private async onFailure(failure: FeedFailure): Promise<void> {
    const parked = new Set((await this.context.watch?.inspect(failure))?.parked ?? []);
    parked.forEach((checkpoint) => this.retries.succeeded(checkpoint));
    const waiting = failure.checkpoints.filter((checkpoint) => !parked.has(checkpoint));
    if (waiting.length > 0 || failure.checkpoints.length === 0) this.report({ ...failure, checkpoints: waiting });
  }

  /** Schedules the failed checkpoints' next try; a processor that could not tell its positions is asked again on the next pass. */
  private report(failure: FeedFailure): void {
    const { from } = failure;
    const schedules = from === null ? [] : failure.checkpoints.map((checkpoint) => this.retries.failed(checkpoint, from));
    const first = { failures: 1, delayMs: this.context.options.pollIntervalMs };
    const { failures, delayMs } = schedules.reduce((worst, schedule) => (schedule.failures > worst.failures ? schedule : worst), schedules[0] ?? first);
    this.context.options.onError?.({ ...failure, failures, retryInMs: delayMs });
  }
}
