import type { GlobalPosition } from './event-store.port';

export const PARKED_EVENTS = Symbol('PARKED_EVENTS');

/** An event a feed processor could not handle, set aside so that the events after it keep flowing. */
export interface ParkedEvent {
  /** The checkpoint that passed it: `projection:<name>`, `pipeline-saga`, `evidence-audit-export`, ... */
  checkpoint: string;
  position: GlobalPosition;
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  error: string;
  /** Failures before it was parked, and retries since. */
  failures: number;
  parkedAt: Date;
}

export type NewParkedEvent = Omit<ParkedEvent, 'parkedAt'>;

export interface ParkedEvents {
  /** Records (or records again, after a failed retry) an event set aside. */
  park(event: NewParkedEvent): Promise<void>;
  /** Oldest first; only those of the given checkpoints when some are named. */
  list(checkpoints?: readonly string[]): Promise<ParkedEvent[]>;
  /** How many each checkpoint has set aside (only those with some). */
  counts(): Promise<ReadonlyMap<string, number>>;
  /** After a successful retry. */
  remove(checkpoint: string, position: GlobalPosition): Promise<void>;
  /** Before a rebuild replays the checkpoints from the start. */
  clear(checkpoints: readonly string[]): Promise<void>;
}
