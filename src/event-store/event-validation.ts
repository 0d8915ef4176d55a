import { assertCanonicalizable } from '../kernel/black-box/canonical-json';
import { isUuid } from '../kernel/uuid';
import { InvalidEventError } from '../missions/ports/event-store.errors';
import type { ExpectedRevision, NewEvent } from '../missions/ports/event-store.port';

const STREAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** Checks an append before anything is written; both adapters share it so they refuse the same things. */
export function validateAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (!STREAM_NAME.test(stream)) throw new InvalidEventError(`"${stream}" is not a valid stream name`);
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidEventError(`expected revision ${expected} is not a revision`);
  }
  if (events.length === 0) throw new InvalidEventError('an append needs at least one event');
  const ids = new Set<string>();
  for (const event of events) {
    if (!EVENT_TYPE.test(event.type)) throw new InvalidEventError(`"${event.type}" is not a valid event type`);
    const id = event.metadata?.eventId;
    if (typeof id !== 'string' || !isUuid(id)) throw new InvalidEventError(`event ${event.type} needs a UUID metadata.eventId`);
    if (ids.has(id.toLowerCase())) throw new InvalidEventError(`event id ${id} appears twice in one append`);
    ids.add(id.toLowerCase());
    try {
      assertCanonicalizable({ data: event.data, metadata: event.metadata });
    } catch (error) {
      throw new InvalidEventError(`event ${event.type}: ${(error as Error).message}`);
    }
  }
}

/** Whether a stream at `actual` (-1 when it does not exist) satisfies what the caller expected. */
export function satisfiesExpectation(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}
