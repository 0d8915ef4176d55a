import { appendLeaves, EMPTY_FRONTIER, frontierRoot, type Frontier } from './compact-tree';
import { subtreeKey, type SubtreeRef, type SubtreeSource } from './subtree';

/** A whole log in memory, every complete subtree kept: for tests, benchmarks and recomputing a tree offline. */
export class MemoryMerkleTree {
  private frontier: Frontier = EMPTY_FRONTIER;
  private readonly nodes = new Map<string, Buffer>();

  /** Serves proofs and roots of any size up to the current one. */
  readonly source: SubtreeSource = (refs) => Promise.resolve(refs.map((ref) => this.subtree(ref)));

  get size(): number {
    return this.frontier.size;
  }

  append(...leafHashes: Uint8Array[]): void {
    const { frontier, created } = appendLeaves(this.frontier, leafHashes);
    for (const node of created) this.nodes.set(subtreeKey(node), node.hash);
    this.frontier = frontier;
  }

  root(): Buffer {
    return frontierRoot(this.frontier);
  }

  subtree(ref: SubtreeRef): Buffer {
    const hash = this.nodes.get(subtreeKey(ref));
    if (!hash) throw new RangeError(`subtree ${subtreeKey(ref)} is not complete in a tree of ${this.size}`);
    return hash;
  }
}
