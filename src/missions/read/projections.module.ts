import { Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DATABASE, type Database } from '../../database/database';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { MissionReadModel } from './mission-read-model';
import { createProjectionRunner } from './mission-projections';
import { ProjectionRunner } from './projection-runner';

/**
 * The mission read models: the runner that keeps them (started when the application has booted,
 * stopped before the database closes) and the read model that queries them. DATABASE and
 * EVENT_STORE come from the global database and event-store modules.
 */
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [DATABASE, EVENT_STORE],
      useFactory: (database: Database, store: EventStore) => {
        const logger = new Logger('Projections');
        return createProjectionRunner(database, store, {
          onError: (error) => logger.error(`A projection batch failed; retrying: ${(error as Error).message ?? String(error)}`),
          onCheckpointMoved: (moved) => logger.warn(`${moved.message}; continuing from the stored checkpoint`),
        });
      },
    },
    { provide: MissionReadModel, inject: [DATABASE], useFactory: (database: Database) => new MissionReadModel(database.dataSource) },
  ],
  exports: [ProjectionRunner, MissionReadModel],
})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
