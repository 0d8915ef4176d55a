import { CreateEventStore1763700000000 } from './1763700000000-create-event-store';

/** Every schema migration, oldest first. Projections add theirs here. */
export const MIGRATIONS = [CreateEventStore1763700000000];
