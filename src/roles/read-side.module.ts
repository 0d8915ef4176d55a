import { Inject, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DatabaseModule } from '../database/database.module';
import type { DutyLeases } from '../database/duty-lease';
import { EventStoreModule } from '../event-store/event-store.module';
import { GANTRY_SCHEMA } from '../gantry-schema';
import { FeedConsumer } from '../missions/application/feed/feed-consumer';
import { onDuty } from '../missions/application/feed/on-duty';
import { createFeedConsumer, DUTY_LEASES } from '../missions/processes.providers';
import { DUTIES, DUTY } from '../missions/ports/duty.port';
import { EVENT_STORE, type EventStore } from '../missions/ports/event-store.port';
import { PARKED_EVENTS, type ParkedEvents } from '../missions/ports/parked-events.port';
import { ProjectionRunner } from '../missions/read/projection-runner';
import { ProjectionsModule } from '../missions/read/projections.module';
import { WokenEventStore } from './woken-event-store';

/**
 * The read side on its own (what the worker thread of an HTTP process runs): the projections as the
 * `projections` duty, following the feed through a store that the HTTP thread wakes on each append.
 */
@Module({})
export class ReadSideModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReadSide');

  constructor(
    @Inject(FeedConsumer) private readonly feed: FeedConsumer,
    @Inject(DUTIES) private readonly duties: DutyLeases,
  ) {}

  static forRoot(config: GantryConfig): DynamicModule {
    return {
      module: ReadSideModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot({ schema: GANTRY_SCHEMA }), EventStoreModule, ProjectionsModule],
      providers: [
        DUTY_LEASES,
        { provide: WokenEventStore, inject: [EVENT_STORE], useFactory: (store: EventStore) => new WokenEventStore(store) },
        {
          provide: FeedConsumer,
          inject: [WokenEventStore, ProjectionRunner, GANTRY_CONFIG, PARKED_EVENTS, DUTIES],
          useFactory: (store: WokenEventStore, runner: ProjectionRunner, settings: GantryConfig, parked: ParkedEvents, duties: DutyLeases) =>
            createFeedConsumer(store, [onDuty(runner, duties.duty(DUTY.projections))], settings, parked),
        },
      ],
    };
  }

  /** As the missions module does for its own processors: the projections' parked events are retried at start. */
  onApplicationBootstrap(): void {
    this.feed.startAndRetryParked(this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.feed.stop();
    await this.duties.closeAll();
  }
}
