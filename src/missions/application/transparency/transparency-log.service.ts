import { EMPTY_ROOT, isTreeSize } from '../../../kernel/transparency/merkle-hash';
import { proveConsistency, proveInclusion, proveInclusions, treeRoot } from '../../../kernel/transparency/merkle-proof';
import type { PostgresLogStore } from '../../infrastructure/transparency/postgres-log-store';
import { CheckpointUnavailableError, LogRangeError, type LogLeaf, type SignedCheckpoint, type TransparencyLog } from '../../ports/transparency-log.port';

const POLL_MS = 50;

/** Answers for the log from its tables: proofs are built from stored subtrees, never by rehashing leaves. */
export class TransparencyLogService implements TransparencyLog {
  constructor(
    private readonly store: PostgresLogStore,
    private readonly vkey: string,
  ) {}

  verifierKey(): string {
    return this.vkey;
  }

  latestCheckpoint(): Promise<SignedCheckpoint | null> {
    return this.store.latestCheckpoint();
  }

  async integratedSize(): Promise<number> {
    return (await this.store.state()).size;
  }

  leavesOfStream(stream: string): Promise<LogLeaf[]> {
    return this.store.leavesOfStream(stream);
  }

  leafIndexOf(eventIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    return this.store.leafIndexOf(eventIds);
  }

  async leaves(from: number, to: number): Promise<LogLeaf[]> {
    await this.checkSize(to);
    if (!isTreeSize(from) || from > to)
      throw new LogRangeError(`leaves from ${from} to ${to} are not a range`, 'Ask for leaves from a smaller index to a larger one.');
    return this.store.leaves(from, to);
  }

  async inclusionProof(leafIndex: number, size: number): Promise<Buffer[]> {
    await this.checkSize(size);
    if (!isTreeSize(leafIndex) || leafIndex >= size) {
      throw new LogRangeError(`leaf ${leafIndex} is not in a tree of ${size}`, `Leaf ${leafIndex} is not in a tree of ${size} leaves.`);
    }
    return proveInclusion(leafIndex, size, this.store.source);
  }

  async inclusionProofs(leafIndexes: readonly number[], size: number): Promise<Buffer[][]> {
    await this.checkSize(size);
    const outside = leafIndexes.find((leafIndex) => !isTreeSize(leafIndex) || leafIndex >= size);
    if (outside !== undefined) throw new LogRangeError(`leaf ${outside} is not in a tree of ${size}`, `Leaf ${outside} is not in a tree of ${size} leaves.`);
    return proveInclusions(leafIndexes, size, this.store.source);
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    await this.checkSize(to);
    if (!isTreeSize(from) || from < 1 || from > to) {
      throw new LogRangeError(`no consistency proof from ${from} to ${to}`, 'A consistency proof goes from a size of at least 1 to a size no smaller.');
    }
    return proveConsistency(from, to, this.store.source);
  }

  async rootAt(size: number): Promise<Buffer> {
    await this.checkSize(size);
    return size === 0 ? EMPTY_ROOT : treeRoot(size, this.store.source);
  }

  async awaitCheckpoint(size: number, timeoutMs: number): Promise<SignedCheckpoint> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = await this.store.latestCheckpoint();
      if (latest && latest.size >= size) return latest;
      if (Date.now() >= deadline)
        throw new CheckpointUnavailableError(`no signed checkpoint covers ${size} leaves within ${timeoutMs} ms`, 'The log has not signed that far yet.');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async checkSize(size: number): Promise<void> {
    if (!isTreeSize(size)) throw new LogRangeError(`${size} is not a tree size`, 'A tree size is a whole number from 0.');
    const integrated = await this.integratedSize();
    if (size > integrated) throw new LogRangeError(`the log holds ${integrated} leaves, not ${size}`, `The log holds ${integrated} leaves so far.`);
  }
}
