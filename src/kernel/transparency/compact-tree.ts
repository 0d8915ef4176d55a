import { EMPTY_ROOT, hashChildren, isTreeSize } from './merkle-hash';
import { rangeSubtrees, type SubtreeRef, type SubtreeSource } from './subtree';

export interface SubtreeHash extends SubtreeRef {
  readonly hash: Buffer;
}

/**
 * The right edge of a tree of `size`: the hashes of its complete subtrees left to right (one per set bit
 * of the size). All an appender needs to grow the tree and to compute its root.
 */
export interface Frontier {
  readonly size: number;
  readonly nodes: readonly SubtreeHash[];
}

export const EMPTY_FRONTIER: Frontier = { size: 0, nodes: [] };

/** The complete subtrees a frontier of `size` consists of, for loading it from a store. */
export function frontierRefs(size: number): SubtreeRef[] {
  if (!isTreeSize(size)) throw new RangeError(`${size} is not a tree size`);
  return size === 0 ? [] : rangeSubtrees([0, size]);
}

export async function loadFrontier(size: number, source: SubtreeSource): Promise<Frontier> {
  const refs = frontierRefs(size);
  const hashes = refs.length === 0 ? [] : await source(refs);
  return { size, nodes: refs.map((ref, i) => ({ ...ref, hash: Buffer.from(hashes[i]) })) };
}

/** MTH of the whole tree: the frontier folded from the right. */
export function frontierRoot(frontier: Frontier): Buffer {
  const { nodes } = frontier;
  if (nodes.length === 0) return EMPTY_ROOT;
  let root = nodes[nodes.length - 1].hash;
  for (let i = nodes.length - 2; i >= 0; i -= 1) root = hashChildren(nodes[i].hash, root);
  return root;
}

/**
 * Appends leaves (their hashes) to a tree: the new frontier, and every complete subtree the leaves
 * completed (the leaves themselves included), for a store to keep so proofs never rehash the leaves.
 */
export function appendLeaves(frontier: Frontier, leafHashes: readonly Uint8Array[]): { frontier: Frontier; created: SubtreeHash[] } {
  const nodes = [...frontier.nodes];
  const created: SubtreeHash[] = [];
  let size = frontier.size;
  for (const leafHash of leafHashes) {
    let node: SubtreeHash = { level: 0, index: size, hash: Buffer.from(leafHash) };
    created.push(node);
    while (nodes.length > 0 && nodes[nodes.length - 1].level === node.level) {
      const left = nodes.pop() as SubtreeHash;
      node = { level: node.level + 1, index: left.index / 2, hash: hashChildren(left.hash, node.hash) };
      created.push(node);
    }
    nodes.push(node);
    size += 1;
  }
  return { frontier: { size, nodes }, created };
}
