import type { CheckpointStore } from '../../ports/checkpoint-store.port';
import type { GlobalPosition, RecordedEvent } from '../../ports/event-store.port';

/** A page of the global feed handed to a processor: the events after `from`, up to and including `to`. */
export interface FeedBatch {
  readonly events: readonly RecordedEvent[];
  readonly from: GlobalPosition;
  readonly to: GlobalPosition;
  /** The processor's checkpoints to serve: all of them stand at `from`. */
  readonly checkpoints: readonly string[];
}

/**
 * Something the feed consumer runs, in a lane of its own. It keeps one durable checkpoint or several (the
 * projections keep one each); the consumer reads the feed once for all of them that stand at the same
 * position and hands the page over. A processor moves a checkpoint only once it has handled the events
 * before it, so a crash repeats work and never loses it (handlers must therefore be idempotent).
 */
export interface FeedProcessor {
  /** Names the processor in logs. */
  readonly name: string;
  /** Each checkpoint's id and position: held in memory, read from the store the first time and after `forgetPositions`. */
  positions(): Promise<ReadonlyMap<string, GlobalPosition>>;
  /** Handles the batch and moves the checkpoints it names from `from` to `to`; throws when it could not. */
  handleBatch(batch: FeedBatch): Promise<void>;
  /** After a failure: the stored checkpoints are the truth (another process, or a rebuild, may have moved them). */
  forgetPositions(): void;
  /**
   * How an event it cannot handle is set aside (parked), so that the events after it keep flowing. A
   * processor without it never passes an event: it is retried at the same position until it succeeds
   * (the choice of one that must never skip an event, such as a log integrator).
   */
  readonly parking?: Parking;
}

/** What parking needs of a processor: passing an event by, and handling it again once it has been fixed. */
export interface Parking {
  /** Moves `checkpoint` from `from` to just after `event` without handling it; CheckpointMovedError if it no longer stands at `from`. */
  passOver(checkpoint: string, from: GlobalPosition, event: RecordedEvent): Promise<void>;
  /** Handles a parked event again for `checkpoint` (a retry after a fix), without moving the checkpoint. */
  redeliver(checkpoint: string, event: RecordedEvent): Promise<void>;
}

/** A processor's failure, as the lanes and drains report it. */
export interface FeedFailure {
  processor: FeedProcessor;
  /** The checkpoints the processor failed to move; none when it could not tell where they stand. */
  checkpoints: readonly string[];
  /** Where they stood; null when the processor could not tell. */
  from: GlobalPosition | null;
  /** The page it was handed (none when the read itself failed). */
  events: readonly RecordedEvent[];
  error: unknown;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

/**
 * A processor for an at-least-once handler: hands over one event at a time and moves its checkpoint past
 * each, so a restart resumes after the last event handled and a crash repeats at most the one under way.
 */
export class PerEventProcessor implements FeedProcessor {
  private position: GlobalPosition | null = null;
  readonly parking?: Parking;

  constructor(
    /** Also the checkpoint's id. */
    readonly name: string,
    private readonly checkpoints: CheckpointStore,
    private readonly handle: EventHandler,
    /** 'hold': never pass an event it cannot handle, retry it forever instead. */
    poisonPolicy: 'park' | 'hold' = 'park',
  ) {
    if (poisonPolicy === 'park') {
      this.parking = {
        passOver: async (_checkpoint, from, event) => {
          await this.checkpoints.save(this.name, from, event.position);
          this.position = event.position;
        },
        redeliver: (_checkpoint, event) => this.handle(event),
      };
    }
  }

  async positions(): Promise<ReadonlyMap<string, GlobalPosition>> {
    this.position ??= await this.checkpoints.load(this.name);
    return new Map([[this.name, this.position]]);
  }

  async handleBatch(batch: FeedBatch): Promise<void> {
    let at = batch.from;
    for (const event of batch.events) {
      await this.handle(event);
      await this.checkpoints.save(this.name, at, event.position);
      at = this.position = event.position;
    }
  }

  forgetPositions(): void {
    this.position = null;
  }
}
