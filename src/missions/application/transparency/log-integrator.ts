import type { LogWriter } from '../../infrastructure/transparency/log-writer';
import type { GlobalPosition, RecordedEvent } from '../../ports/event-store.port';
import type { FeedBatch, FeedProcessor } from '../feed/feed-processor';

export const LOG_INTEGRATOR = 'transparency-log';

/**
 * Gives every event of the global feed the next leaf index, in feed order, with no gap ever: a feed
 * processor in a lane of its own, so appends never wait for it. Only the process holding the log writer's
 * lease integrates; the others have no position and idle, trying the lease on each poll, so when the
 * holder dies another takes over where the log stands.
 */
export class LogIntegrator implements FeedProcessor {
  readonly name = LOG_INTEGRATOR;
  private position: GlobalPosition | null = null;
  private readonly grown = new Set<(size: number) => void>();

  constructor(private readonly writer: LogWriter) {}

  /** Called with the new size after each batch this process integrates. */
  onGrown(listener: (size: number) => void): () => void {
    this.grown.add(listener);
    return () => this.grown.delete(listener);
  }

  async positions(): Promise<ReadonlyMap<string, GlobalPosition>> {
    this.position ??= await this.writer.position();
    return this.position === null ? new Map() : new Map([[LOG_INTEGRATOR, this.position]]);
  }

  async handleBatch({ events, from, to }: FeedBatch): Promise<void> {
    const size = await this.writer.append(from, to, events.map(leafOf));
    this.position = to;
    this.grown.forEach((listener) => listener(size));
  }

  forgetPositions(): void {
    this.position = null;
    this.writer.forget();
  }
}

function leafOf(event: RecordedEvent) {
  return { stream: event.stream, revision: event.revision, eventId: event.metadata.eventId, chainHash: event.hash, position: event.position };
}
