import { hashChildren, isPowerOfTwo, largestPowerOfTwoBelow, log2OfPowerOfTwo } from './merkle-hash';

/**
 * A complete subtree of the log: the 2^level leaves from index·2^level. Level 0 is a leaf's hash. A store
 * that keeps these (or can compute them, e.g. from tiles) can serve every root and proof without loading
 * every leaf.
 */
export interface SubtreeRef {
  readonly level: number;
  readonly index: number;
}

/** Answers the hashes of complete subtrees, in the order asked; a store serves them in one round trip. */
export type SubtreeSource = (nodes: readonly SubtreeRef[]) => Promise<readonly Uint8Array[]>;

/** [start, end) of leaves, as the RFC's recursion meets them (start aligned to the range's largest subtree). */
export type LeafRange = readonly [start: number, end: number];

export function subtreeKey({ level, index }: SubtreeRef): string {
  return `${level}/${index}`;
}

/**
 * The complete subtrees whose right fold is MTH(D[start:end]), left to right (sizes falling). Every range
 * that RFC 9162's recursion produces decomposes like this; an unaligned range is refused.
 */
export function rangeSubtrees([start, end]: LeafRange): SubtreeRef[] {
  const nodes: SubtreeRef[] = [];
  let at = start;
  while (at < end) {
    const remaining = end - at;
    const size = isPowerOfTwo(remaining) ? remaining : largestPowerOfTwoBelow(remaining);
    if (at % size !== 0) throw new RangeError(`[${start}, ${end}) is not a range of the tree`);
    nodes.push({ level: log2OfPowerOfTwo(size), index: at / size });
    at += size;
  }
  return nodes;
}

/** MTH of a range from the hashes of its complete subtrees (left to right): folded from the right. */
export function foldRange(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) throw new RangeError('an empty range has no subtree hash');
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i -= 1) hash = hashChildren(hashes[i], hash);
  return hash;
}

/** The hashes of several ranges, asking the source once for every complete subtree they need. */
export async function rangeHashes(ranges: readonly LeafRange[], source: SubtreeSource): Promise<Buffer[]> {
  const plans = ranges.map(rangeSubtrees);
  const unique = new Map<string, SubtreeRef>();
  for (const node of plans.flat()) unique.set(subtreeKey(node), node);
  const wanted = [...unique.values()];
  const answers = await source(wanted);
  if (answers.length !== wanted.length) throw new Error(`the subtree source answered ${answers.length} of ${wanted.length} hashes`);
  const byKey = new Map(wanted.map((node, i) => [subtreeKey(node), answers[i]]));
  return plans.map((plan) => foldRange(plan.map((node) => byKey.get(subtreeKey(node)) as Uint8Array)));
}
