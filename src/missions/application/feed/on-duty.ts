import type { Duty } from '../../ports/duty.port';
import type { FeedProcessor } from './feed-processor';

/**
 * The processor as a singleton duty: its lane hands it the feed only while this process holds `duty`; the
 * other processes' lanes see no position and idle, trying the duty at each poll, so the holder's death hands
 * the work over where the stored checkpoints stand. The checkpoints stay the fence: a batch claims its
 * checkpoint first, so a holder that lost the duty mid-batch rolls back instead of doubling the work.
 */
export function onDuty(processor: FeedProcessor, duty: Duty): FeedProcessor {
  return {
    name: processor.name,
    parking: processor.parking,
    positions: async () => {
      if (await duty.hold()) return processor.positions();
      processor.forgetPositions(); // whoever holds it moves the checkpoints meanwhile
      return new Map();
    },
    handleBatch: (batch) => processor.handleBatch(batch),
    forgetPositions: () => processor.forgetPositions(),
  };
}
