/**
 * The server side of `npm run bench:api`, run as a child process (forked by bench/api-load.ts): Gantry's
 * HTTP app built as `gantry serve` builds it (AppModule.forRoot(loadConfig(...)) + configureHttpApp),
 * listening on 127.0.0.1 on a free port, against the scratch database in BENCH_API_DATABASE_URL.
 * Once up, it makes an API token for the admin and hands it to the parent in its 'ready' message.
 * It answers the parent's calls over IPC (CPU time, projection lag, in-process profile, stop) and
 * shuts down when told to, or when the parent goes away.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { ApiTokenStore } from '../src/auth/tokens/api-token-store';
import { ADMIN_NAME } from '../src/auth/users/user-name';
import { loadConfig } from '../src/config/gantry-config';
import { DATABASE, type Database } from '../src/database/database';
import { EVENT_STORE, type EventStore } from '../src/missions/ports/event-store.port';
import { HealthService } from '../src/health/health.service';
import { errorMessage } from '../src/kernel/error-message';
import { configureHttpApp } from '../src/http/http-app';
import { presentSummary } from '../src/missions/http/mission.presenter';
import { GetMissionStatusQuery } from '../src/missions/read/queries/get-mission-status.query';
import { MissionReadModel } from '../src/missions/read/mission-read-model';
import { ProjectionRunner } from '../src/missions/read/projection-runner';
import { measureLag } from './api-lag';
import {
  distribution,
  type CallMessage,
  type CallName,
  type Calls,
  type ChildMessage,
  type ProfileFigures,
  type ProfileOptions,
  type Timed,
} from './api-protocol';

/** The status view as the admin reads it (every mission visible). */
const BENCH_VIEWER = { name: ADMIN_NAME, admin: true, via: 'token' } as const;
/** The parent's requests all come from one caller (the admin's token), so its per-caller budget must not bite. */
const RATE_LIMIT_PER_MINUTE = '1000000'; // GANTRY_RATE_LIMIT_PER_MINUTE's maximum
/** The same for public content (/health): one address makes every request. */
const PUBLIC_RATE_LIMIT_PER_MINUTE = '10000000'; // GANTRY_PUBLIC_RATE_LIMIT_PER_MINUTE's maximum
const databaseUrl = process.env.BENCH_API_DATABASE_URL ?? '';
const scratchDir = mkdtempSync(join(tmpdir(), 'gantry-bench-api-'));
let app: NestExpressApplication | null = null;
let adminToken = '';
let stopping: Promise<void> | null = null;

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

async function boot(): Promise<NestExpressApplication> {
  if (!databaseUrl) throw new Error('BENCH_API_DATABASE_URL is unset (this file is started by bench/api.bench.ts)');
  // A password of our own, so that the admin is made without a generated one being printed (a secret on the
  // bench's output); the parent's GANTRY_PASSWORD(_HASH), if any, must not leak in. The admin secrets are
  // read from process.env (never from the config), hence set here; the token is all the parent needs.
  process.env.GANTRY_PASSWORD = randomBytes(24).toString('base64url');
  delete process.env.GANTRY_PASSWORD_HASH;
  // Only what the benchmark sets: the parent's own environment (a DATABASE_URL, a PORT) must not leak in.
  // BENCH_API_READ_SIDE=inline runs the projections on the HTTP event loop (as before roles), for comparison.
  const readSide = process.env.BENCH_API_READ_SIDE ?? 'thread';
  const config = loadConfig(
    {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      GANTRY_RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE,
      GANTRY_PUBLIC_RATE_LIMIT_PER_MINUTE: PUBLIC_RATE_LIMIT_PER_MINUTE,
      GANTRY_READ_SIDE: readSide,
    },
    scratchDir,
  );
  const created = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { abortOnError: false, logger: ['error'] });
  configureHttpApp(created);
  created.enableShutdownHooks();
  await created.listen(0, '127.0.0.1');
  return created;
}

async function sequential(samples: number, work: (index: number) => Promise<unknown>): Promise<Timed> {
  for (let index = 0; index < Math.min(100, samples); index += 1) await work(index); // warm-up
  const timings = new Float64Array(samples);
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < samples; index += 1) {
    const started = performance.now();
    await work(index);
    timings[index] = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ...distribution(timings), cpuMsPerCall: (cpu.user + cpu.system) / 1000 / samples };
}

/** The pieces under GET /gantry/status/:id and GET /health, called one at a time without HTTP. */
async function profile(running: NestExpressApplication, options: ProfileOptions): Promise<ProfileFigures> {
  const queries = running.get(QueryBus);
  const readModel = running.get(MissionReadModel);
  const health = running.get(HealthService);
  const database = running.get<typeof DATABASE, Database>(DATABASE);
  const tokens = running.get(ApiTokenStore, { strict: false });
  const id = (index: number): string => options.ids[index % options.ids.length];
  return {
    statusView: await sequential(options.samples, async (index) => presentSummary(await queries.execute(new GetMissionStatusQuery(id(index), BENCH_VIEWER)))),
    summaryQueryTypeorm: await sequential(options.samples, (index) => readModel.summary(id(index))),
    summaryQueryPg: await sequential(options.samples, (index) => database.pool.query('SELECT * FROM mission_summary WHERE mission_id = $1', [id(index)])),
    healthReport: await sequential(options.samples, () => health.report()),
    selectOne: await sequential(options.samples, () => database.pool.query('SELECT 1')),
    tokenCaller: await sequential(options.samples, () => tokens.caller(adminToken)),
  };
}

async function answer<K extends CallName>(running: NestExpressApplication, call: CallMessage<K>): Promise<Calls[CallName]['result']> {
  const name: CallName = call.name;
  switch (name) {
    case 'cpu': {
      const usage = process.cpuUsage();
      const loop = performance.eventLoopUtilization();
      return { cpuMs: (usage.user + usage.system) / 1000, loopActiveMs: loop.active, loopIdleMs: loop.idle };
    }
    case 'lag': {
      const store = running.get<typeof EVENT_STORE, EventStore>(EVENT_STORE);
      const runner = running.get(ProjectionRunner);
      return measureLag({ store, runner, databaseUrl }, (call as CallMessage<'lag'>).args);
    }
    case 'profile':
      return profile(running, (call as CallMessage<'profile'>).args);
    case 'stop':
      await shutdown();
      return null;
  }
}

async function shutdown(): Promise<void> {
  stopping ??= (async () => {
    await app?.close().catch((error: unknown) => console.error(`closing the app: ${errorMessage(error)}`));
    app = null;
    rmSync(scratchDir, { recursive: true, force: true });
  })();
  return stopping;
}

process.on('message', (message: CallMessage) => {
  const running = app;
  if (message?.kind !== 'call') return;
  if (!running) {
    send({ kind: 'failed', id: message.id, message: 'the server is not running' });
    return;
  }
  answer(running, message).then(
    (result) => send({ kind: 'reply', id: message.id, result }),
    (error: unknown) => send({ kind: 'failed', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

// The parent died or let go: close the pools before it drops the database, then leave.
process.on('disconnect', () => {
  void shutdown().finally(() => process.exit(0));
});

async function bootWithToken(): Promise<{ created: NestExpressApplication; token: string }> {
  const created = await boot();
  try {
    return { created, token: (await created.get(ApiTokenStore, { strict: false }).create(ADMIN_NAME, 'bench-api')).token };
  } catch (error) {
    await created.close();
    throw error;
  }
}

bootWithToken().then(
  ({ created, token }) => {
    app = created;
    adminToken = token;
    const address = created.getHttpServer().address();
    send({ kind: 'ready', port: typeof address === 'object' && address ? address.port : 0, token });
  },
  (error: unknown) => {
    send({ kind: 'boot-failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    void shutdown().finally(() => process.exit(1));
  },
);
