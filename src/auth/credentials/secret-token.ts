import { createHash, randomBytes } from 'node:crypto';

/**
 * Session ids and API tokens: 256 random bits. Only their SHA-256 is stored; a slow hash adds nothing for
 * a value that cannot be guessed, and a digest lookup stays one index probe.
 */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A password a person can copy: 24 random bytes, 32 characters. */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}
