import type { GlobalPosition } from './event-store.port';

export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');

/** Another process (or a rebuild) moved the checkpoint since it was read: the work done on it must roll back. */
export class CheckpointMovedError extends Error {
  readonly code = 'CHECKPOINT_MOVED';
  constructor(
    readonly subscriptionId: string,
    readonly expected: GlobalPosition,
  ) {
    super(`Checkpoint of ${subscriptionId} is no longer at ${expected}`);
  }
}

export interface CheckpointStore {
  /** START when the subscription has never stored one. */
  load(subscriptionId: string): Promise<GlobalPosition>;
  /** Moves the checkpoint from `expected` to `next`; throws CheckpointMovedError when it is no longer at `expected`. */
  save(subscriptionId: string, expected: GlobalPosition, next: GlobalPosition): Promise<void>;
  reset(subscriptionId: string): Promise<void>;
}
