import { Inject, Logger, Module, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { EVENT_STORE, type EventStore } from '../missions/ports/event-store.port';
import { ProjectionRunner } from '../missions/read/projection-runner';
import { projectionsHostedApart, ProjectionsModule } from '../missions/read/projections.module';
import { ReadSideThread } from './read-side-thread';

const READ_SIDE_THREAD = {
  provide: ReadSideThread,
  inject: [GANTRY_CONFIG, DATABASE, ProjectionRunner, EVENT_STORE],
  useFactory: (config: GantryConfig, database: Database, runner: ProjectionRunner, store: EventStore) => {
    if (!projectionsHostedApart(config)) return null;
    const logger = new Logger('ReadSide');
    return new ReadSideThread({ config, databaseUrl: database.url, runner, store, log: (line) => logger.warn(line) });
  },
};

/**
 * What this process runs besides its modules' own work, by role (see docs/architecture.md, "Roles and
 * duties"): where HTTP is served, the projections' worker thread.
 */
@Module({ imports: [ProjectionsModule], providers: [READ_SIDE_THREAD] })
export class RolesModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Optional() @Inject(ReadSideThread) private readonly readSide: ReadSideThread | null) {}

  onApplicationBootstrap(): void {
    this.readSide?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.readSide?.stop();
  }
}
