import * as argon2 from 'argon2';

/** Argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes) and a random salt per hash. */
const OPTIONS = { type: argon2.argon2id } as const;

/** Verified against when the user name is unknown, so that an unknown name costs as much as a wrong password. */
let decoy: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** argon2 compares the derived hashes in constant time. A malformed stored hash is a mismatch, not an error. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(storedHash, password);
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
