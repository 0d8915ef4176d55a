import { DomainError } from '../../kernel/domain-error';
import type { ExpectedRevision } from './event-store.port';

export abstract class EventStoreError extends DomainError {}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  readonly kind = 'conflict';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, but it is at ${String(actual)}`);
  }
}

/** The same event id was appended before with different neighbours: not a retry, a conflict. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  readonly kind = 'conflict';
  constructor(
    readonly stream: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${stream}: event ids already used by a different append: ${eventIds.join(', ')}`);
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  readonly kind = 'unavailable';
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  readonly kind = 'bad_input';
}
