import type { SchemaPart } from '../../database/schema-part';
import { CreateRateLimitCounters1766000000530 } from './migrations/1766000000530-create-rate-limit-counters';

/** The door throttler's shared counters. */
export const THROTTLER_SCHEMA: SchemaPart = { migrations: [CreateRateLimitCounters1766000000530] };
