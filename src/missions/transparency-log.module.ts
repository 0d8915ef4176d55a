import { Global, Logger, Module } from '@nestjs/common';
import { join } from 'node:path';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { errorMessage } from '../kernel/error-message';
import { LogCheckpointer } from './application/transparency/log-checkpointer';
import { LogIntegrator } from './application/transparency/log-integrator';
import { TransparencyLogService } from './application/transparency/transparency-log.service';
import { CheckpointFile } from './infrastructure/transparency/checkpoint-file';
import { loadOrCreateLogKey, type LogKey } from './infrastructure/transparency/log-key';
import { LogWriter } from './infrastructure/transparency/log-writer';
import { LogWriterLease } from './infrastructure/transparency/log-writer-lease';
import { PostgresLogStore } from './infrastructure/transparency/postgres-log-store';
import { TRANSPARENCY_LOG } from './ports/transparency-log.port';

const LOG_KEY = Symbol('LOG_KEY');
const logger = new Logger('TransparencyLog');

/**
 * Straight to the terminal, once, when the key is generated: auditors need the public key to verify anything.
 * On stderr, so a command's own answer on stdout (`gantry audit export`'s bundle) is never mixed with it.
 */
function announce(key: LogKey, file: string): void {
  if (!key.created) return;
  logger.warn(`Generated the transparency log's signing key in ${file}`);
  process.stderr.write(
    ['', `  Gantry transparency log key (give it to auditors; shown at first start, and at GET /gantry/log/key):`, `  ${key.vkey}`, ''].join('\n') + '\n',
  );
}

/**
 * The signed Merkle log over every event: its tables, the writer's lease, the integrator (a feed processor
 * the missions' feed consumer runs), the checkpointer (started by the missions module) and the queries.
 * Global, so the CLI's commands read the log as the server does.
 */
@Global()
@Module({
  providers: [
    { provide: PostgresLogStore, inject: [DATABASE], useFactory: (database: Database) => new PostgresLogStore(database.pool) },
    {
      provide: LogWriterLease,
      inject: [DATABASE],
      useFactory: (database: Database) => new LogWriterLease(database.url, (line) => logger.warn(line)),
    },
    {
      provide: LogWriter,
      inject: [LogWriterLease, PostgresLogStore],
      useFactory: (lease: LogWriterLease, store: PostgresLogStore) => new LogWriter(lease, store),
    },
    { provide: LogIntegrator, inject: [LogWriter], useFactory: (writer: LogWriter) => new LogIntegrator(writer) },
    {
      provide: LOG_KEY,
      inject: [GANTRY_CONFIG],
      useFactory: ({ transparencyLog: { keyFile, origin } }: GantryConfig) => {
        const key = loadOrCreateLogKey(keyFile, origin);
        announce(key, keyFile);
        return key;
      },
    },
    {
      provide: LogCheckpointer,
      inject: [PostgresLogStore, LOG_KEY, LogWriter, LogIntegrator, GANTRY_CONFIG],
      useFactory: (store: PostgresLogStore, key: LogKey, writer: LogWriter, integrator: LogIntegrator, config: GantryConfig) => {
        const checkpointer = new LogCheckpointer(store, key.signer, new CheckpointFile(join(config.dataDir, 'log', 'checkpoints')), {
          origin: config.transparencyLog.origin,
          intervalMs: config.transparencyLog.checkpointIntervalMs,
          witnessUrls: config.transparencyLog.witnessUrls,
          holdsLease: () => writer.holdsLease,
          log: (line) => logger.warn(line),
        });
        integrator.onGrown(() => checkpointer.treeGrew());
        return checkpointer;
      },
    },
    {
      provide: TRANSPARENCY_LOG,
      inject: [PostgresLogStore, LOG_KEY],
      useFactory: (store: PostgresLogStore, key: LogKey) => new TransparencyLogService(store, key.vkey),
    },
  ],
  exports: [TRANSPARENCY_LOG, LogIntegrator, LogCheckpointer, PostgresLogStore, LogWriterLease],
})
export class TransparencyLogModule {
  constructor(private readonly lease: LogWriterLease) {}

  /** Lets go of the writer's lock so another process takes over at once. */
  async onApplicationShutdown(): Promise<void> {
    await this.lease.release().catch((error: unknown) => logger.warn(`releasing the log writer lease: ${errorMessage(error)}`));
  }
}
