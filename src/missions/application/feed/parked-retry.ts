import { errorMessage } from '../../../kernel/error-message';
import type { EventStore, RecordedEvent } from '../../ports/event-store.port';
import type { ParkedEvent, ParkedEvents } from '../../ports/parked-events.port';
import type { FeedProcessor } from './feed-processor';

export interface RetryOutcome {
  /** Parked events handed over again. */
  retried: number;
  /** Those now applied, no longer parked. */
  applied: ParkedEvent[];
  /** Those that failed again: still parked, with the new error. */
  failed: ParkedEvent[];
}

/**
 * Hands each parked event of the processors' checkpoints to its processor again (after a fix), oldest
 * first; one applied leaves the parked list, one that fails again stays there with its new error. A
 * parked event is an event of the past: handlers are idempotent and the projections ignore a revision
 * older than the one they show, so handing it over late changes only what it had kept from applying.
 */
export async function retryParked(store: Pick<EventStore, 'readStream'>, parked: ParkedEvents, processors: readonly FeedProcessor[]): Promise<RetryOutcome> {
  const outcome: RetryOutcome = { retried: 0, applied: [], failed: [] };
  for (const processor of processors) {
    if (!processor.parking) continue;
    const checkpoints = [...(await processor.positions()).keys()];
    for (const entry of await parked.list(checkpoints)) {
      outcome.retried += 1;
      try {
        await processor.parking.redeliver(entry.checkpoint, await parkedEvent(store, entry));
        await parked.remove(entry.checkpoint, entry.position);
        outcome.applied.push(entry);
      } catch (error) {
        await parked.park({ ...entry, error: errorMessage(error), failures: 1 });
        outcome.failed.push({ ...entry, error: errorMessage(error) });
      }
    }
  }
  return outcome;
}

async function parkedEvent(store: Pick<EventStore, 'readStream'>, entry: ParkedEvent): Promise<RecordedEvent> {
  const [event] = await store.readStream(entry.stream, { fromRevision: entry.revision, maxCount: 1 });
  if (event?.revision !== entry.revision || event.metadata.eventId !== entry.eventId) {
    throw new Error(`${entry.stream} no longer holds event ${entry.eventId} at revision ${entry.revision}`);
  }
  return event;
}
