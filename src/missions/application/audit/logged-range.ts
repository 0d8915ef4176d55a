import { CheckpointUnavailableError, type TransparencyLog } from '../../ports/transparency-log.port';
import type { LoggedRange } from '../pipeline/pull-request-description';

/**
 * The leaves a stream's events hold so far and the first signed checkpoint covering them, waiting up to
 * `waitMs` for it; null when nothing of the stream is logged or signed yet.
 */
export async function loggedRange(log: TransparencyLog, stream: string, waitMs: number): Promise<LoggedRange | null> {
  const leaves = await log.leavesOfStream(stream);
  if (leaves.length === 0) return null;
  const lastLeaf = leaves[leaves.length - 1].leafIndex;
  try {
    const checkpoint = await log.awaitCheckpoint(lastLeaf + 1, waitMs);
    return {
      firstLeaf: leaves[0].leafIndex,
      lastLeaf,
      checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64') },
    };
  } catch (error) {
    if (error instanceof CheckpointUnavailableError) return null;
    throw error;
  }
}
