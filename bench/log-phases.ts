import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/gantry-config';
import { Database } from '../src/database/database';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { GANTRY_SCHEMA } from '../src/gantry-schema';
import { FeedConsumer } from '../src/missions/application/feed/feed-consumer';
import { LogCheckpointer } from '../src/missions/application/transparency/log-checkpointer';
import { LogIntegrator } from '../src/missions/application/transparency/log-integrator';
import { TransparencyLogService } from '../src/missions/application/transparency/transparency-log.service';
import { CheckpointFile } from '../src/missions/infrastructure/transparency/checkpoint-file';
import { loadOrCreateLogKey, type LogKey } from '../src/missions/infrastructure/transparency/log-key';
import { LogWriter } from '../src/missions/infrastructure/transparency/log-writer';
import { LogWriterLease } from '../src/missions/infrastructure/transparency/log-writer-lease';
import { PostgresLogStore } from '../src/missions/infrastructure/transparency/postgres-log-store';
import { LocalCheckpointPublisher } from '../src/publish/local/local-checkpoint-publisher';
import { missionEvent } from './workload';

/** The log as `gantry serve` runs it (feed settings and checkpoint interval from the defaults), on its own database. */
export interface LogRig {
  database: Database;
  events: PostgresEventStore;
  store: PostgresLogStore;
  lease: LogWriterLease;
  writer: LogWriter;
  consumer: FeedConsumer;
  checkpointer: LogCheckpointer;
  log: TransparencyLogService;
  key: LogKey;
  /** The `gantry-log` branch of a local repository, as `gantry serve` publishes by default. */
  publisher: LocalCheckpointPublisher;
  close(): Promise<void>;
}

export async function openLogRig(url: string, checkpointIntervalMs: number): Promise<LogRig> {
  const database = await Database.open({ databaseUrl: url, dataDir: '/nonexistent', timeoutMs: 10_000, schema: GANTRY_SCHEMA });
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bench-log-'));
  const events = new PostgresEventStore(database.pool);
  const store = new PostgresLogStore(database.pool);
  const lease = new LogWriterLease(url);
  const writer = new LogWriter(lease, store);
  const key = loadOrCreateLogKey(join(dir, 'log-key.pem'), 'bench.local/log');
  const checkpointer = new LogCheckpointer(store, key.signer, new CheckpointFile(join(dir, 'log', 'checkpoints')), {
    origin: 'bench.local/log',
    intervalMs: checkpointIntervalMs,
    witnessUrls: [],
    holdsLease: () => writer.holdsLease,
    log: (line) => console.error(`  · ${line}`),
  });
  const integrator = new LogIntegrator(writer);
  integrator.onGrown(() => checkpointer.treeGrew());
  const consumer = new FeedConsumer(events, [integrator], loadConfig({}).feed);
  return {
    database,
    events,
    store,
    lease,
    writer,
    consumer,
    checkpointer,
    log: new TransparencyLogService(store, key.vkey),
    key,
    publisher: new LocalCheckpointPublisher({ dataDir: dir }),
    close: async () => {
      await consumer.stop();
      await checkpointer.stop();
      await lease.release();
      await database.close();
    },
  };
}

export interface AppendRecord {
  eventId: string;
  appendedAtMs: number;
}

/** `writers` concurrent writers, each appending one event at a time to its own share of `streams` streams. */
export async function appendWithWriters(
  events: PostgresEventStore,
  writers: number,
  appends: number,
  streams: number,
  prefix: string,
): Promise<{ seconds: number; records: AppendRecord[] }> {
  const revisions = new Array<number>(streams).fill(-1);
  const records: AppendRecord[] = [];
  const perWriter = Math.max(1, Math.floor(streams / writers));
  let next = 0;
  // Each writer owns the streams s with s % writers === its index, so writers never race on a stream.
  const writer = async (index: number): Promise<void> => {
    for (let own = 0; ; own += 1) {
      const sequence = next++;
      if (sequence >= appends) return;
      const stream = index + writers * (own % perWriter);
      const event = missionEvent(stream, sequence);
      const expected = revisions[stream] === -1 ? 'no_stream' : revisions[stream];
      revisions[stream] += 1;
      await events.append(`${prefix}-${stream}`, [event], expected);
      records.push({ eventId: event.metadata.eventId, appendedAtMs: Date.now() });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
  return { seconds: (performance.now() - started) / 1000, records };
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
