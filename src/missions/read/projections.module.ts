import { Logger, Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { DATABASE, type Database } from '../../database/database';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { PARKED_EVENTS } from '../ports/parked-events.port';
import { PostgresParkedEvents } from '../infrastructure/postgres-parked-events';
import { MissionChangeFeed } from './mission-change-feed';
import { MissionReadModel } from './mission-read-model';
import { MissionStatusCache } from './mission-status-cache';
import { createProjectionRunner } from './mission-projections';
import { ProjectionRunner } from './projection-runner';

/** True when this process's projections run in a worker thread of their own rather than in its feed consumer. */
export const PROJECTIONS_HOSTED_APART = Symbol('PROJECTIONS_HOSTED_APART');

/**
 * Where HTTP is served (roles `all` and `api`), the projections run off its event loop, in a worker thread
 * (GANTRY_READ_SIDE=thread, the default), so that no amount of HTTP load delays the read models; a worker
 * process has no HTTP to fear and runs them inline.
 */
export function projectionsHostedApart(config: GantryConfig): boolean {
  return config.processes.role !== 'worker' && config.processes.readSide === 'thread';
}

/**
 * The mission read models: the runner that keeps them (a processor that the feed consumer runs; the CLI's
 * rebuild drives it alone) and the read model that queries them. DATABASE, EVENT_STORE and GANTRY_CONFIG
 * come from the global modules.
 */
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [DATABASE, EVENT_STORE, GANTRY_CONFIG],
      useFactory: (database: Database, store: EventStore, config: GantryConfig) => {
        const logger = new Logger('Projections');
        return createProjectionRunner(database, store, {
          batchSize: config.feed.batchSize,
          parkAfter: config.feed.parkAfter,
          onCheckpointMoved: (moved) => logger.warn(`${moved.message}; continuing from the stored checkpoint`),
          onParked: (checkpoint, event) => logger.error(`${checkpoint} parked ${event.type} ${event.stream}@${event.revision} (${event.position})`),
        });
      },
    },
    // Every feed processor's parked events (the read side's and the others'): health reports them.
    { provide: PARKED_EVENTS, inject: [DATABASE], useFactory: (database: Database) => new PostgresParkedEvents(database.pool) },
    { provide: MissionReadModel, inject: [DATABASE], useFactory: (database: Database) => new MissionReadModel(database) },
    MissionStatusCache,
    { provide: PROJECTIONS_HOSTED_APART, inject: [GANTRY_CONFIG], useFactory: projectionsHostedApart },
    MissionChangeFeed,
  ],
  exports: [ProjectionRunner, MissionReadModel, PARKED_EVENTS, PROJECTIONS_HOSTED_APART, MissionChangeFeed, MissionStatusCache],
})
export class ProjectionsModule {}
