import { EMPTY_ROOT, hashChildren, isHash, isPowerOfTwo, isTreeSize, largestPowerOfTwoBelow } from './merkle-hash';
import { rangeHashes, type LeafRange, type SubtreeSource } from './subtree';

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof of leaf `index` in a
 * tree of `size`, in proof order (the leaf's sibling first).
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const ranges: LeafRange[] = [];
  let [lo, hi] = [0, size];
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]): the ranges whose hashes form the consistency proof from size `m` to
 * size `n` (0 < m ≤ n), in proof order. Equal sizes need no proof.
 */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (!isTreeSize(m) || !isTreeSize(n) || m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const ranges: LeafRange[] = [];
  let [lo, hi, first, whole] = [0, n, m, true];
  while (first !== hi - lo) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (first <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      first -= k;
      lo += k;
      whole = false;
    }
  }
  if (!whole) ranges.push([lo, hi]);
  return ranges.reverse();
}

/** MTH(D[0:size]) from a store's complete subtrees; the empty tree's root is SHA-256 of nothing. */
export async function treeRoot(size: number, source: SubtreeSource): Promise<Buffer> {
  if (!isTreeSize(size)) throw new RangeError(`${size} is not a tree size`);
  if (size === 0) return EMPTY_ROOT;
  const [root] = await rangeHashes([[0, size]], source);
  return root;
}

export async function proveInclusion(index: number, size: number, source: SubtreeSource): Promise<Buffer[]> {
  return await rangeHashes(inclusionRanges(index, size), source);
}

/** Inclusion proofs of several leaves in the same tree, asking the source once for every subtree they need. */
export async function proveInclusions(indexes: readonly number[], size: number, source: SubtreeSource): Promise<Buffer[][]> {
  const plans = indexes.map((index) => inclusionRanges(index, size));
  const hashes = await rangeHashes(plans.flat(), source);
  let at = 0;
  return plans.map((plan) => hashes.slice(at, (at += plan.length)));
}

export async function proveConsistency(m: number, n: number, source: SubtreeSource): Promise<Buffer[]> {
  return await rangeHashes(consistencyRanges(m, n), source);
}

const half = (value: number): number => Math.floor(value / 2);
const odd = (value: number): boolean => value % 2 === 1;

/**
 * Why an inclusion proof fails, or null when it proves that `leafHash` is leaf `index` of the tree of
 * `size` whose root is `root` (RFC 9162 §2.1.3.2; a proof one hash too long or too short fails).
 */
export function inclusionProblem(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): string | null {
  if (!isTreeSize(size) || !isTreeSize(index)) return 'the index and size must be integers from 0';
  if (index >= size) return `leaf ${index} is not in a tree of ${size}`;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return 'every hash must be 32 bytes';
  let [fn, sn] = [index, size - 1];
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return 'the proof is longer than the path to the root';
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = hashChildren(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return 'the proof is shorter than the path to the root';
  return r.equals(root) ? null : 'the proof leads to another root';
}

export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return inclusionProblem(leafHash, index, size, proof, root) === null;
}

function trivialConsistency(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): string | null | undefined {
  if (!isTreeSize(m) || !isTreeSize(n)) return 'the sizes must be integers from 0';
  if (m > n) return `a tree of ${n} cannot extend a tree of ${m}`;
  if (!isHash(rootM) || !isHash(rootN) || !proof.every(isHash)) return 'every hash must be 32 bytes';
  if (m === n) {
    if (proof.length > 0) return 'trees of the same size need an empty proof';
    return Buffer.from(rootM).equals(rootN) ? null : 'two trees of the same size have different roots';
  }
  // Every tree extends the empty one, so a proof from 0 says nothing; like transparency-dev, we refuse it.
  if (m === 0) return 'a consistency proof from the empty tree proves nothing';
  if (proof.length === 0) return 'the proof is empty';
  return undefined;
}

/**
 * Why a consistency proof fails, or null when it proves the tree of `n` with root `rootN` extends the tree
 * of `m` with root `rootM` (RFC 9162 §2.1.4.2, 0 < m ≤ n; an extra or a missing hash fails).
 */
export function consistencyProblem(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): string | null {
  const trivial = trivialConsistency(m, n, rootM, rootN, proof);
  if (trivial !== undefined) return trivial;
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  let [fn, sn] = [m - 1, n - 1];
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return 'the proof is longer than the trees need';
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = hashChildren(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return 'the proof is shorter than the trees need';
  if (!fr.equals(rootM)) return `the proof does not lead to the root of the tree of ${m}`;
  return sr.equals(rootN) ? null : `the proof does not lead to the root of the tree of ${n}`;
}

export function verifyConsistency(m: number, n: number, rootM: Uint8Array, rootN: Uint8Array, proof: readonly Uint8Array[]): boolean {
  return consistencyProblem(m, n, rootM, rootN, proof) === null;
}
