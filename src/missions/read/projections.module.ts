import { Logger, Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { DATABASE, type Database } from '../../database/database';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { MissionReadModel } from './mission-read-model';
import { createProjectionRunner } from './mission-projections';
import { ProjectionRunner } from './projection-runner';

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
          onCheckpointMoved: (moved) => logger.warn(`${moved.message}; continuing from the stored checkpoint`),
        });
      },
    },
    { provide: MissionReadModel, inject: [DATABASE], useFactory: (database: Database) => new MissionReadModel(database.dataSource) },
  ],
  exports: [ProjectionRunner, MissionReadModel],
})
export class ProjectionsModule {}
