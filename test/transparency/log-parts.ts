import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedConsumer } from '../../src/missions/application/feed/feed-consumer';
import { LogCheckpointer } from '../../src/missions/application/transparency/log-checkpointer';
import { LogIntegrator } from '../../src/missions/application/transparency/log-integrator';
import { TransparencyLogService } from '../../src/missions/application/transparency/transparency-log.service';
import { CheckpointFile } from '../../src/missions/infrastructure/transparency/checkpoint-file';
import { loadOrCreateLogKey, type LogKey } from '../../src/missions/infrastructure/transparency/log-key';
import { LogWriter } from '../../src/missions/infrastructure/transparency/log-writer';
import { LogWriterLease } from '../../src/missions/infrastructure/transparency/log-writer-lease';
import { PostgresLogStore } from '../../src/missions/infrastructure/transparency/postgres-log-store';
import type { EventStore } from '../../src/missions/ports/event-store.port';
import type { TestDatabase } from '../support/test-database';

export const ORIGIN = 'gantry.test/log';
export const FEED = { batchSize: 200, pollIntervalMs: 50, maxRetryDelayMs: 200 };

/** One "process" of the log: its own lease connection, integrator, checkpointer and feed consumer. */
export interface LogProcess {
  store: PostgresLogStore;
  lease: LogWriterLease;
  writer: LogWriter;
  integrator: LogIntegrator;
  checkpointer: LogCheckpointer;
  log: TransparencyLogService;
  consumer: FeedConsumer;
  key: LogKey;
  file: CheckpointFile;
  logged: string[];
  stop(): Promise<void>;
}

export function logProcess(db: TestDatabase, events: EventStore, options: { dir?: string; witnessUrls?: string[]; intervalMs?: number } = {}): LogProcess {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'gantry-log-'));
  const logged: string[] = [];
  const store = new PostgresLogStore(db.database.pool);
  const lease = new LogWriterLease(db.url, (line) => logged.push(line));
  const writer = new LogWriter(lease, store);
  const integrator = new LogIntegrator(writer);
  const key = loadOrCreateLogKey(join(dir, 'log-key.pem'), ORIGIN);
  const file = new CheckpointFile(join(dir, 'log', 'checkpoints'));
  const checkpointer = new LogCheckpointer(store, key.signer, file, {
    origin: ORIGIN,
    intervalMs: options.intervalMs ?? 100,
    witnessUrls: options.witnessUrls ?? [],
    holdsLease: () => writer.holdsLease,
    log: (line) => logged.push(line),
  });
  const consumer = new FeedConsumer(events, [integrator], FEED);
  return {
    store,
    lease,
    writer,
    integrator,
    checkpointer,
    log: new TransparencyLogService(store, key.vkey),
    consumer,
    key,
    file,
    logged,
    stop: async () => {
      await consumer.stop();
      await checkpointer.stop();
      await lease.release();
    },
  };
}

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
