import type { FeedSettings } from '../../../config/gantry-config';
import { WakeSignal } from '../../../kernel/wake-signal';
import type { EventStore } from '../../ports/event-store.port';
import { drainFeed, feedPass, type FeedFailure, type PassOptions } from './feed-pass';
import type { FeedProcessor } from './feed-processor';
import { RetrySchedule } from './retry-schedule';

export interface FeedProcessorFailure extends FeedFailure {
  /** Failures in a row at this position (1 after the first). */
  failures: number;
  /** How long the checkpoints sit out before the next try. */
  retryInMs: number;
}

export interface FeedConsumerOptions extends FeedSettings {
  onError?: (failure: FeedProcessorFailure) => void;
}

/**
 * Follows the global feed for many processors, each from its own durable checkpoints: processors at the
 * same position share one read. Woken at once by appends in this process, it polls for other processes'
 * appends. A processor that fails is retried after a delay that grows while it keeps failing at the same
 * position (it never skips the event); the others go on meanwhile.
 */
export class FeedConsumer {
  private readonly processors: readonly FeedProcessor[];
  private readonly appended = new WakeSignal();
  private readonly retries: RetrySchedule;
  private readonly passOptions: PassOptions;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private halting = false;

  constructor(
    private readonly store: EventStore,
    processors: readonly FeedProcessor[],
    private readonly options: FeedConsumerOptions,
  ) {
    this.processors = [...processors];
    this.retries = new RetrySchedule(options.pollIntervalMs, options.maxRetryDelayMs);
    this.passOptions = {
      batchSize: options.batchSize,
      skip: (checkpoint, at) => this.retries.waiting(checkpoint, at),
      onSuccess: (checkpoints) => checkpoints.forEach((checkpoint) => this.retries.succeeded(checkpoint)),
      onFailure: (failure) => this.report(failure),
    };
  }

  start(): void {
    if (this.loop) return;
    this.unsubscribe = this.store.onAppended(() => this.appended.notify());
    this.loop = this.run();
  }

  /** Lets the batch under way finish, then stops. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.halting = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.appended.notify();
    await this.loop;
    this.loop = null;
    this.halting = false;
  }

  /** Hands every processor everything appended so far, then resolves with the number of feed events read; throws the first failure. */
  catchUp(): Promise<number> {
    return drainFeed(this.store, this.processors, this.options.batchSize);
  }

  private async run(): Promise<void> {
    while (!this.halting) {
      const seen = this.appended.generation;
      const read = await feedPass(this.store, this.processors, this.passOptions);
      if (read === 0 && !this.halting) await this.appended.wait(this.sleepMs(), seen);
    }
  }

  /** Until the next poll, or sooner when a retry falls due first. */
  private sleepMs(): number {
    return Math.min(this.options.pollIntervalMs, this.retries.nextDueIn() ?? Infinity);
  }

  /** Schedules the failed checkpoints' next try; a processor that could not tell its positions is asked again on the next pass. */
  private report(failure: FeedFailure): void {
    const { from } = failure;
    const schedules = from === null ? [] : failure.checkpoints.map((checkpoint) => this.retries.failed(checkpoint, from));
    const first = { failures: 1, delayMs: this.options.pollIntervalMs };
    const { failures, delayMs } = schedules.reduce((worst, schedule) => (schedule.failures > worst.failures ? schedule : worst), schedules[0] ?? first);
    this.options.onError?.({ ...failure, failures, retryInMs: delayMs });
  }
}
