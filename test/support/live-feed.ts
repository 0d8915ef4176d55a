import { FeedConsumer } from '../../src/missions/application/feed/feed-consumer';
import type { FeedProcessor } from '../../src/missions/application/feed/feed-processor';
import type { EventStore } from '../../src/missions/ports/event-store.port';

/** Started as the application starts its feed consumer, but with the poll out of the way: only appends wake it. */
export function liveFeed(store: EventStore, ...processors: FeedProcessor[]): FeedConsumer {
  const consumer = new FeedConsumer(store, processors, { batchSize: 200, pollIntervalMs: 60_000, maxRetryDelayMs: 60_000 });
  consumer.start();
  return consumer;
}
