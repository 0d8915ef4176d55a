import type { CheckpointStore } from '../../ports/checkpoint-store.port';
import type { EventStore, GlobalPosition, RecordedEvent } from '../../ports/event-store.port';

export interface CatchUpOptions {
  batchSize?: number;
  /** How often to look for new events when no append in this process woke us. */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

/**
 * Follows the global feed from a durable checkpoint: reads a batch, hands each event to the handler,
 * and moves the checkpoint after each event, so a restart resumes after the last event handled
 * (at-least-once: a crash between handling and saving repeats one event, so handlers must be idempotent).
 */
export class CatchUpSubscription {
  private running = false;
  private stopping = false;
  private woken = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private position: GlobalPosition | null = null;

  constructor(
    readonly id: string,
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly handle: EventHandler,
    private readonly options: CatchUpOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.unsubscribe = this.store.onAppended(() => {
      this.woken = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /** Handles everything appended so far, then returns: for tests, rebuilds and a clean shutdown. */
  async catchUp(): Promise<number> {
    let handled = 0;
    this.position ??= await this.checkpoints.load(this.id);
    for (;;) {
      const page = await this.store.readAll({ after: this.position, maxCount: this.options.batchSize ?? 200 });
      for (const event of page.events) {
        await this.handle(event);
        await this.checkpoints.save(this.id, this.position, event.position);
        this.position = event.position;
        handled += 1;
      }
      if (page.events.length === 0 || this.stopping) return handled;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.catchUp();
      } catch (error) {
        this.position = null; // reload the durable checkpoint: another process may have moved it
        this.options.onError?.(error);
      }
      if (this.running && !this.woken) await this.sleep(this.options.pollIntervalMs ?? 250);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = null;
    });
  }
}
