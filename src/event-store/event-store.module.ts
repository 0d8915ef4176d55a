import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigError, GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { EVENT_STORE, type EventStore } from '../missions/ports/event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

function createEventStore(config: GantryConfig, database: Database): EventStore {
  if (config.eventStore === 'eventstoredb') {
    // loadConfig refuses EVENT_STORE=eventstoredb without a connection string; this guards a config built some other way.
    const connectionString = config.eventStoreConnectionString;
    if (connectionString === null) throw new ConfigError('EVENTSTORE_CONNECTION_STRING', 'is required when EVENT_STORE=eventstoredb');
    return new EventStoreDbEventStore(connectionString, config.storeTimeoutMs);
  }
  return new PostgresEventStore(database.pool);
}

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [GANTRY_CONFIG, DATABASE],
      useFactory: async (config: GantryConfig, database: Database) => {
        const store = createEventStore(config, database);
        await store.ping();
        return store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
