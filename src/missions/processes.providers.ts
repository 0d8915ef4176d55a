import { Logger } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { DutyLeases } from '../database/duty-lease';
import { errorMessage } from '../kernel/error-message';
import { FeedConsumer } from './application/feed/feed-consumer';
import type { FeedProcessor } from './application/feed/feed-processor';
import { DUTIES } from './ports/duty.port';
import type { EventStore } from './ports/event-store.port';
import type { ParkedEvents } from './ports/parked-events.port';

/** This process's claims on the singleton duties (advisory locks, each on a connection of its own). */
export const DUTY_LEASES = {
  provide: DUTIES,
  inject: [DATABASE, GANTRY_CONFIG],
  useFactory: (database: Database, config: GantryConfig) => {
    const logger = new Logger('Duties');
    return new DutyLeases(database.url, { retryMs: config.processes.dutyRetryMs, log: (line) => logger.warn(line) });
  },
};

/** A feed consumer for these processors, with the configured batches, polls, retries and parking. */
export function createFeedConsumer(store: EventStore, processors: FeedProcessor[], config: GantryConfig, parked: ParkedEvents): FeedConsumer {
  const logger = new Logger('FeedConsumer');
  return new FeedConsumer(store, processors, {
    ...config.feed,
    poison: {
      parked,
      parkAfter: config.feed.parkAfter,
      onParked: (checkpoint, event, error) =>
        logger.error(`${checkpoint} parked ${event.type} ${event.stream}@${event.revision} (${event.position}): ${errorMessage(error)}`),
    },
    onError: ({ processor, error, failures, retryInMs }) =>
      logger.error(`${processor.name} failed (${failures} in a row); retrying in ${retryInMs} ms: ${errorMessage(error)}`),
  });
}
