import type { SchemaPart } from '../../database/schema-part';
import { CreateEventStore1763700000000 } from './migrations/1763700000000-create-event-store';
import { StreamlineEventAppends1765400000000 } from './migrations/1765400000000-streamline-event-appends';
import { AppendOneEvent1766200000000 } from './migrations/1766200000000-append-one-event';

/** The PostgreSQL event store's tables (events, stream heads, checkpoints). */
export const EVENT_STORE_SCHEMA: SchemaPart = { migrations: [CreateEventStore1763700000000, StreamlineEventAppends1765400000000, AppendOneEvent1766200000000] };
