import type { SchemaPart } from '../database/schema-part';
import { CreateAuth1763900000000 } from './migrations/1763900000000-create-auth';

/** Users, sessions and API tokens. */
export const AUTH_SCHEMA: SchemaPart = { migrations: [CreateAuth1763900000000] };
