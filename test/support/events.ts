import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../src/kernel/black-box/canonical-json';
import type { NewEvent } from '../../src/missions/ports/event-store.port';

export function newEvent(type: string, data: JsonObject = {}, actor = 'test'): NewEvent {
  const eventId = randomUUID();
  return {
    type,
    data,
    metadata: {
      eventId,
      occurredAt: new Date().toISOString(),
      actor,
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
}

export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
