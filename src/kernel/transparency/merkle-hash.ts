import { createHash } from 'node:crypto';

/** Every hash in the log is SHA-256 (RFC 9162 §2.1.1). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function hashLeaf(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** MTH of an interior node = SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Gantry's leaf data is the event's chain hash as its 32 raw bytes (the hex text decoded). */
export function leafHashOfChainHash(chainHashHex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(chainHashHex)) throw new RangeError('a chain hash is 64 lowercase hex digits');
  return hashLeaf(Buffer.from(chainHashHex, 'hex'));
}

/** True for a hash of the right length; proofs and roots of any other length never verify. */
export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

/**
 * The tree sizes and indexes in this module are plain numbers up to 2^53, so no 32-bit bit operator
 * touches them: halving and parity are arithmetic.
 */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let value = n;
  while (value % 2 === 0) value /= 2;
  return value === 1;
}

/** k in RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1). */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`no power of two below ${n} splits a tree`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function log2OfPowerOfTwo(n: number): number {
  let level = 0;
  for (let value = n; value > 1; value /= 2) level += 1;
  return level;
}

export function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
