import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, Database } from './database';
import { DatabaseNotifications } from './notifications';
import type { SchemaPart } from './schema-part';

export interface DatabaseModuleOptions {
  /** CLI commands attach to the embedded server of a running `gantry serve` instead of refusing to start. */
  attachToRunning?: boolean;
  /** Every module's tables, from the composition root. */
  schema: readonly SchemaPart[];
}

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const provider = {
      provide: DATABASE,
      inject: [GANTRY_CONFIG],
      useFactory: (config: GantryConfig) => {
        const logger = new Logger('Database');
        if (!config.databaseUrl) logger.log(`No DATABASE_URL: using the embedded PostgreSQL under ${config.dataDir}/postgres`);
        return Database.open({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          timeoutMs: config.storeTimeoutMs,
          attachToRunning: options.attachToRunning,
          schema: options.schema,
          log: (line) => logger.debug(line.trim()),
        });
      },
    };
    // One listening connection per process, opened by the first subscriber (see DatabaseNotifications).
    const notifications = {
      provide: DatabaseNotifications,
      inject: [DATABASE, GANTRY_CONFIG],
      useFactory: (database: Database, config: GantryConfig) => {
        const logger = new Logger('Notifications');
        return new DatabaseNotifications(database.url, { connectTimeoutMs: config.storeTimeoutMs, log: (line) => logger.warn(line) });
      },
    };
    return { module: DatabaseModule, providers: [provider, notifications], exports: [DATABASE, DatabaseNotifications] };
  }

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.close();
    await this.database.close();
  }
}
