import { availableParallelism } from 'node:os';
import * as argon2 from 'argon2';
import { ConcurrencyLimit } from '../../kernel/concurrency-limit';

/**
 * Argon2id as OWASP's Password Storage Cheat Sheet recommends (19 MiB, 2 passes, 1 lane), with a random salt
 * per hash: about 45 ms of one core here. One lane keeps a hash on one thread; the library's default (4 lanes,
 * 64 MiB, 3 passes) took both cores for ~175 ms per sign-in guess, stalling every other request meanwhile.
 * Hashes stored with other settings verify with the settings they carry.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Hashing waits for a slot, so that however many guesses arrive, one core always stays for everything else. */
const hashing = new ConcurrencyLimit(Math.max(1, availableParallelism() - 1));

/** Verified against when the user name is unknown, so that an unknown name costs as much as a wrong password. */
let decoy: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => argon2.hash(password, OPTIONS));
}

/** argon2 compares the derived hashes in constant time. A malformed stored hash is a mismatch, not an error. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => argon2.verify(storedHash, password));
  } catch {
    return false;
  }
}

/** Spends the time of one verification and answers false: for logins with an unknown user name. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
  return false;
}

export function isArgon2Hash(value: string): boolean {
  return /^\$argon2(id|i|d)\$v=\d+\$[a-z]=\d+(,[a-z]=\d+){2}\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(value);
}
