import type { SchemaPart } from '../database/schema-part';
import { CreateAuth1763900000000 } from './migrations/1763900000000-create-auth';
import { CredentialGenerations1765000000400 } from './migrations/1765000000400-credential-generations';
import { SignInFailuresByAge1765000000401 } from './migrations/1765000000401-sign-in-failures-by-age';

/** Users, sessions and API tokens; credential generations and sign-in throttling. */
export const AUTH_SCHEMA: SchemaPart = { migrations: [CreateAuth1763900000000, CredentialGenerations1765000000400, SignInFailuresByAge1765000000401] };
