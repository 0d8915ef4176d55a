import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cli-io';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { startEventStoreDbDouble, type EventStoreDbDouble } from '../doubles/eventstoredb-grpc-double';
import { newEvent } from '../support/events';
import { required } from '../support/expectations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { logProcess, until } from '../transparency/log-parts';

const FIVE = ['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted', 'PolicyVerdictRendered', 'MissionSucceeded'];

/** Lines that blame a mission for more than sharing the range of leaves a single checkpoint covers. */
const blamed = (err: string, id: string) => err.split('\n').filter((line) => line.includes(`mission-${id}`) && !line.includes('rewritten within'));

async function gantry(args: string[], env: Record<string, string>): Promise<{ code: number | 'serving'; err: string }> {
  const err: string[] = [];
  const io: CliIo = { out: () => undefined, err: (line) => err.push(line) };
  return { code: await runCli(args, io, env), err: err.join('\n') };
}

/**
 * `gantry audit verify --all` with EVENT_STORE=eventstoredb: the events in EventStoreDB (the gRPC double,
 * driven by the real client), the log's tables in PostgreSQL, the checkpoints in the data dir's file.
 */
describe('gantry audit verify --all on EventStoreDB', () => {
  let db: TestDatabase;
  let double: EventStoreDbDouble;
  let esdb: EventStoreDbEventStore;
  let env: Record<string, string>;
  let keyFile: string;
  const missions: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    double = await startEventStoreDbDouble();
    esdb = new EventStoreDbEventStore(double.connectionString, 5000);
    const dir = mkdtempSync(join(tmpdir(), 'gantry-esdb-audit-'));
    const dataDir = join(dir, 'data');
    // The log as a running Gantry keeps it: key and checkpoint file in the data dir.
    const log = logProcess(db, esdb, { dir: dataDir, intervalMs: 600_000 });
    log.consumer.start();
    try {
      for (let n = 0; n < 3; n += 1) {
        const id = randomUUID();
        missions.push(id);
        await esdb.append(
          `mission-${id}`,
          FIVE.map((type, i) => newEvent(type, i === 0 ? { missionId: id, prompt: `mission ${n}` } : { step: i })),
          'no_stream',
        );
      }
      await until(async () => (await log.log.integratedSize()) === 15);
      required(await log.checkpointer.signNow(), 'a signed checkpoint');
    } finally {
      await log.stop();
    }
    keyFile = join(dir, 'log.vkey');
    writeFileSync(keyFile, `${log.key.vkey}\n`);
    env = {
      DATABASE_URL: db.url,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
      GANTRY_DATA_DIR: dataDir,
      GANTRY_MISSIONS_DIR: join(dir, 'missions'),
    };
  }, 120_000);
  afterAll(async () => {
    await esdb?.close();
    await double?.stop();
    await db?.drop();
  });

  it('exits 0 while every stream in EventStoreDB agrees with the signed log', async () => {
    expect(await gantry(['audit', 'verify', '--all', '--key', keyFile], env)).toMatchObject({ code: 0, err: '' });
  });

  it("exits 1 naming the mission whose event's bytes were changed in the store", async () => {
    const stream = `mission-${missions[0]}`;
    const record = required(double.store.readStream(stream, false, 2n, 1n)?.[0], 'event 2 of the first mission');
    const original = record.data;
    record.data = Buffer.from(Buffer.from(original).toString('utf8').replace('"step":2', '"step":7'), 'utf8');
    try {
      const all = await gantry(['audit', 'verify', '--all', '--key', keyFile], env);
      expect(all.code).toBe(1);
      expect(all.err).toContain(`TAMPERED  ${stream}: `);
      expect(blamed(all.err, missions[2])).toEqual([]);
    } finally {
      record.data = original;
    }
    expect((await gantry(['audit', 'verify', '--all', '--key', keyFile], env)).code).toBe(0);
  });

  it('exits 1 naming the mission whose tail was cut, head and all', async () => {
    const stream = `mission-${missions[1]}`;
    double.store.cutTail(stream, 3);
    const all = await gantry(['audit', 'verify', '--all', '--key', keyFile], env);
    expect(all.code).toBe(1);
    expect(all.err).toContain(`TAMPERED  ${stream}: its chain breaks at revision 3: the tail was cut: the head records 5 events, 3 remain`);
    expect(all.err).toContain(`TAMPERED  ${stream}: event 3, logged at leaf`);
    expect(blamed(all.err, missions[0])).toEqual([]);
  });
});
