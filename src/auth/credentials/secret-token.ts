import { hash, randomBytes } from 'node:crypto';

/**
 * Session ids and API tokens: 256 random bits. Only their SHA-256 is stored; a slow hash adds nothing for
 * a value that cannot be guessed, and a digest lookup stays one index probe.
 */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Every API request hashes its credential: the one-shot `hash` costs a third of a `createHash` object. */
export function digestOf(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** A password a person can copy: 24 random bytes, 32 characters. */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}
