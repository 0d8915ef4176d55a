import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, Database } from './database';

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [GANTRY_CONFIG],
      useFactory: (config: GantryConfig) => {
        const logger = new Logger('Database');
        if (!config.databaseUrl) logger.log(`No DATABASE_URL: starting the embedded PostgreSQL under ${config.dataDir}/postgres`);
        return Database.open({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          timeoutMs: config.storeTimeoutMs,
          log: (line) => logger.debug(line.trim()),
        });
      },
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
