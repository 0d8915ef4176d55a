import { errorMessage } from '../../../kernel/error-message';
import { failureKind } from '../../../kernel/failure-kind';
import { CheckpointMovedError } from '../../ports/checkpoint-store.port';
import type { GlobalPosition, RecordedEvent } from '../../ports/event-store.port';
import type { ParkedEvents } from '../../ports/parked-events.port';
import type { FeedFailure } from './feed-processor';

interface Suspect {
  at: GlobalPosition;
  /** Failures of the one event after `at`, handed over alone. */
  failures: number;
}

export interface Verdict {
  /** Checkpoints whose event was set aside: they have moved past it. */
  parked: string[];
  /** Checkpoints that will be handed the suspect event alone on their next try. */
  isolating: string[];
}

/** Also given to a processor's failure log: which event was parked, for which checkpoint. */
export type ParkedNotice = (checkpoint: string, event: RecordedEvent, error: unknown) => void;

/**
 * Tells a poisoned event from a bad moment. A transient failure (the database is down, a lock, a
 * timeout) is retried at the same position as ever, however long it lasts. Any other failure makes the
 * checkpoint a suspect: its next try is handed the one event after it alone. When that event fails on
 * its own with a data error (PostgreSQL refuses a value, a constraint, a malformed shape), or with any
 * other non-transient error `parkAfter` times in a row, it is parked: recorded with its error, and the
 * checkpoint moves past it, so every other event keeps flowing. A processor without `parking` is never
 * moved past an event (it keeps retrying).
 */
export class PoisonWatch {
  private readonly suspects = new Map<string, Suspect>();

  constructor(
    private readonly parked: ParkedEvents,
    private readonly parkAfter: number,
    private readonly onParked?: ParkedNotice,
  ) {}

  /**
   * 1 while `checkpoint` is a suspect, so the event that fails is handed over alone (a processor that
   * handled part of the failed batch stands past where the batch began: it goes on one event at a time
   * until it succeeds or finds the event again).
   */
  batchSize(checkpoint: string, _at: GlobalPosition, normal: number): number {
    return this.suspects.has(checkpoint) ? 1 : normal;
  }

  succeeded(checkpoint: string): void {
    this.suspects.delete(checkpoint);
  }

  async inspect(failure: FeedFailure): Promise<Verdict> {
    const verdict: Verdict = { parked: [], isolating: [] };
    const { processor, from, events, error } = failure;
    const kind = failureKind(error);
    if (!processor.parking || from === null || kind === 'transient') {
      failure.checkpoints.forEach((checkpoint) => this.suspects.delete(checkpoint));
      return verdict;
    }
    for (const checkpoint of failure.checkpoints) {
      const suspect = this.suspectAt(checkpoint, from);
      if (events.length === 1) suspect.failures += 1;
      const poisoned = events.length === 1 && (kind === 'data' || suspect.failures >= this.parkAfter);
      if (poisoned && (await this.park(failure, checkpoint, events[0], suspect.failures).catch(() => false))) verdict.parked.push(checkpoint);
      else verdict.isolating.push(checkpoint);
    }
    return verdict;
  }

  private suspectAt(checkpoint: string, at: GlobalPosition): Suspect {
    const known = this.suspects.get(checkpoint);
    if (known?.at === at) return known;
    const suspect = { at, failures: 0 };
    this.suspects.set(checkpoint, suspect);
    return suspect;
  }

  /** The row first, then the checkpoint past the event; a checkpoint that moved meanwhile (it did apply it) takes the row back. */
  private async park({ processor, from, error }: FeedFailure, checkpoint: string, event: RecordedEvent, failures: number): Promise<boolean> {
    if (!processor.parking || from === null) return false;
    const { stream, revision, type, position } = event;
    const { eventId } = event.metadata;
    await this.parked.park({ checkpoint, position, stream, revision, eventId, type, error: errorMessage(error), failures });
    try {
      await processor.parking.passOver(checkpoint, from, event);
    } catch (moved) {
      await this.parked.remove(checkpoint, position);
      if (moved instanceof CheckpointMovedError) return false;
      throw moved;
    }
    this.suspects.delete(checkpoint);
    this.onParked?.(checkpoint, event, error);
    return true;
  }
}
