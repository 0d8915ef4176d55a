import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions } from '../missions/ports/event-store.port';

/**
 * An event store whose `onAppended` also fires when another thread says it appended: the read side's
 * thread follows the feed through its own connection and wakes at once on the HTTP process's appends
 * instead of waiting for its next poll.
 */
export class WokenEventStore implements EventStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: EventStore) {}

  get name() {
    return this.store.name;
  }

  /** Another thread appended. */
  wake(): void {
    this.listeners.forEach((listener) => listener());
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    const unsubscribe = this.store.onAppended(listener);
    return () => {
      this.listeners.delete(listener);
      unsubscribe();
    };
  }

  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.store.append(stream, events, expectedRevision);
  }

  readStream(stream: string, options?: ReadStreamOptions) {
    return this.store.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions) {
    return this.store.readAll(options);
  }

  streamHead(stream: string) {
    return this.store.streamHead(stream);
  }

  readChain(stream: string) {
    return this.store.readChain(stream);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
