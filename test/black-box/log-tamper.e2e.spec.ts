import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cli-io';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { sealEvents, GENESIS_HASH } from '../../src/kernel/black-box/hash-chain';
import { bundleText } from '../../src/missions/application/audit/audit-bundle';
import { AuditBundleService } from '../../src/missions/application/audit/audit-bundle.service';
import { TRANSPARENCY_LOG, type TransparencyLog } from '../../src/missions/ports/transparency-log.port';
import { newEvent } from '../support/events';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type Sql = (text: string, values?: unknown[]) => Promise<unknown>;

interface World {
  db: TestDatabase;
  sql: Sql;
  env: Record<string, string>;
  /** Mission ids: `victim` is tampered with, `bystander` and `later` are not (`later` is logged after the victim). */
  victim: string;
  bystander: string;
  later: string;
  /** The victim's bundle and the checkpoint file, both as kept before the tampering. */
  bundle: string;
  vkey: string;
  keptCheckpoints: string;
  dir: string;
}

const FIVE = ['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted', 'PolicyVerdictRendered', 'MissionSucceeded'];

async function waitForFile(path: string): Promise<void> {
  for (let tries = 0; tries < 600 && !existsSync(path); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!existsSync(path)) throw new Error(`${path} was never written`);
}

async function appendMission(store: PostgresEventStore): Promise<string> {
  const id = randomUUID();
  await store.append(
    `mission-${id}`,
    FIVE.map((type, n) => newEvent(type, n === 0 ? { missionId: id, prompt: `mission ${n}` } : { step: n })),
    'no_stream',
  );
  return id;
}

/** Three missions appended, logged and signed by a running Gantry, which is then stopped: the database is the insider's. */
async function world(): Promise<World> {
  const db = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'gantry-log-tamper-'));
  const [dataDir, missionsDir] = [join(dir, 'data'), join(dir, 'missions')];
  const t = await createTestApp({ db, config: { dataDir, missionsDir } });
  const store = new PostgresEventStore(db.database.pool);
  const [bystander, victim, later] = [await appendMission(store), await appendMission(store), await appendMission(store)];
  const log = t.app.get<TransparencyLog>(TRANSPARENCY_LOG);
  let bundle: string;
  try {
    bundle = bundleText(await t.app.get(AuditBundleService).export(victim, 30_000));
    await log.awaitCheckpoint(15, 30_000);
    for (const id of [bystander, victim, later]) await waitForFile(join(missionsDir, id, 'bundle.json'));
  } finally {
    await t.close();
  }
  const vkey = log.verifierKey();
  const keptCheckpoints = join(dir, 'kept-checkpoints');
  copyFileSync(join(dataDir, 'log', 'checkpoints'), keptCheckpoints);
  writeFileSync(join(dir, 'log.vkey'), `${vkey}\n`);
  writeFileSync(join(dir, 'bundle.json'), bundle);
  const sql: Sql = (text, values = []) => db.database.pool.query(text, values);
  return {
    db,
    sql,
    env: { DATABASE_URL: db.url, GANTRY_DATA_DIR: dataDir, GANTRY_MISSIONS_DIR: missionsDir },
    victim,
    bystander,
    later,
    bundle,
    vkey,
    keptCheckpoints,
    dir,
  };
}

async function gantry(args: string[], env: Record<string, string>): Promise<{ code: number | 'serving'; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await runCli(args, io, env);
  return { code, out, err };
}

/** Rewrites a whole stream from `from` on with every hash (and the head row) recomputed: the chain alone says valid. */
async function rewriteStream(w: World, stream: string, keep: number, replacement: string[]): Promise<void> {
  const { rows } = (await w.db.database.pool.query<{ hash: string }>('SELECT hash FROM events WHERE stream = $1 AND revision = $2', [stream, keep - 1])) as {
    rows: Array<{ hash: string }>;
  };
  const forged = sealEvents(
    stream,
    keep - 1,
    keep === 0 ? GENESIS_HASH : rows[0].hash,
    replacement.map((type) => newEvent(type, { forged: true })),
  );
  await w.sql('DELETE FROM events WHERE stream = $1 AND revision >= $2', [stream, keep]);
  for (const event of forged) {
    await w.sql('INSERT INTO events (stream, revision, event_id, type, canonical, hash, prev_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      stream,
      event.revision,
      event.metadata.eventId,
      event.type,
      event.canonical,
      event.hash,
      event.prevHash,
    ]);
  }
  const last = forged.at(-1);
  await w.sql('UPDATE event_streams SET last_revision = $2, event_count = $3, head_hash = $4 WHERE stream = $1', [
    stream,
    last?.revision,
    (last?.revision ?? -1) + 1,
    last?.hash,
  ]);
}

const TAMPERS: Array<{ name: string; tamper: (w: World, stream: string) => Promise<unknown>; rewritesHistory: boolean }> = [
  {
    name: "an event's bytes changed",
    rewritesHistory: true,
    tamper: (w, s) => w.sql(`UPDATE events SET canonical = replace(canonical, '"step":2', '"step":7') WHERE stream = $1`, [s]),
  },
  {
    name: 'its metadata changed',
    rewritesHistory: true,
    tamper: (w, s) => w.sql(`UPDATE events SET canonical = replace(canonical, '"actor":"test"', '"actor":"mallory"') WHERE stream = $1 AND revision = 3`, [s]),
  },
  { name: 'an event deleted from the middle', rewritesHistory: true, tamper: (w, s) => w.sql('DELETE FROM events WHERE stream = $1 AND revision = 2', [s]) },
  {
    name: 'two events swapped within the stream',
    rewritesHistory: true,
    tamper: async (w, s) => {
      await w.sql('UPDATE events SET revision = 100 WHERE stream = $1 AND revision = 1', [s]);
      await w.sql('UPDATE events SET revision = 1 WHERE stream = $1 AND revision = 2', [s]);
      await w.sql('UPDATE events SET revision = 2 WHERE stream = $1 AND revision = 100', [s]);
    },
  },
  {
    name: 'two events swapped across streams',
    rewritesHistory: true,
    tamper: async (w, s) => {
      const other = `mission-${w.bystander}`;
      await w.sql(`UPDATE events SET stream = 'swap', revision = 3 WHERE stream = $1 AND revision = 3`, [s]);
      await w.sql('UPDATE events SET stream = $1 WHERE stream = $2 AND revision = 3', [s, other]);
      await w.sql(`UPDATE events SET stream = $1 WHERE stream = 'swap'`, [other]);
    },
  },
  {
    name: 'a tail cut with the head row updated',
    rewritesHistory: true,
    tamper: async (w, s) => {
      await w.sql('DELETE FROM events WHERE stream = $1 AND revision >= 3', [s]);
      await w.sql(
        `UPDATE event_streams SET last_revision = 2, event_count = 3, head_hash = (SELECT hash FROM events WHERE stream = $1 AND revision = 2) WHERE stream = $1`,
        [s],
      );
    },
  },
  {
    name: 'the whole mission rewritten with every hash recomputed',
    rewritesHistory: true,
    tamper: (w, s) => rewriteStream(w, s, 1, ['BuildConfirmed', 'MissionFailed']),
  },
  {
    name: 'the whole mission deleted with its head row',
    rewritesHistory: true,
    tamper: async (w, s) => {
      await w.sql('DELETE FROM events WHERE stream = $1', [s]);
      await w.sql('DELETE FROM event_streams WHERE stream = $1', [s]);
    },
  },
  {
    name: 'the mission rewritten and the log tables truncated and rebuilt to match',
    rewritesHistory: true,
    tamper: async (w, s) => {
      await rewriteStream(w, s, 1, ['BuildConfirmed', 'MissionFailed', 'MissionArchived']);
      await w.sql('TRUNCATE log_leaves, log_nodes, log_checkpoints');
      await w.sql(`UPDATE log_state SET tree_size = 0, feed_position = 'start'`);
      const t = await createTestApp({ db: w.db, config: { dataDir: join(w.dir, 'rebuilt'), missionsDir: join(w.dir, 'missions') } });
      await t.app.get<TransparencyLog>(TRANSPARENCY_LOG).awaitCheckpoint(14, 30_000);
      await t.close();
    },
  },
];

describe('The signed log against an insider with SQL (real PostgreSQL)', () => {
  it.each(TAMPERS)(
    '$name: verify --all names the mission, the earlier bundle still verifies, consistency fails',
    async ({ tamper }) => {
      const w = await world();
      try {
        const victimStream = `mission-${w.victim}`;
        expect(await gantry(['audit', 'verify', '--all', '--key', join(w.dir, 'log.vkey')], w.env)).toMatchObject({ code: 0 });
        await tamper(w, victimStream);

        const all = await gantry(['audit', 'verify', '--all', '--key', join(w.dir, 'log.vkey')], w.env);
        expect(all.code).toBe(1);
        expect(all.err.join('\n')).toContain(`TAMPERED  ${victimStream}: `);
        expect(all.err.some((line) => line.includes(`mission-${w.later}`) && !line.includes('rewritten within'))).toBe(false);

        // Offline, as an auditor would: Node alone, an empty environment, the bundle kept from before.
        const offline = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'verify-bundle.mjs'), 'bundle.json', 'log.vkey'], {
          cwd: w.dir,
          env: {},
          encoding: 'utf8',
        });
        expect({ status: offline.status, stdout: offline.stdout }).toMatchObject({
          status: 0,
          stdout: expect.stringContaining(`VALID  mission-${w.victim}`) as string,
        });

        const consistency = await gantry(['audit', 'consistency', '--old', w.keptCheckpoints, '--key', join(w.dir, 'log.vkey')], w.env);
        expect(consistency.code).toBe(1);
        expect(consistency.err.join('\n')).toMatch(/TAMPERED {2}(mission-|\(the log\))/);
      } finally {
        await w.db.drop();
      }
    },
    180_000,
  );
});
