/**
 * `npm run bench:api`: Gantry's real HTTP server (a child process, on 127.0.0.1) against a scratch database
 * on the embedded PostgreSQL (or DATABASE_URL's server). GET /gantry/status/:id against GET /health with
 * autocannon, where the time goes, and projection lag (append to visible in mission_summary) under a steady
 * load of missions, quiet and under read load. Every request sends the admin's API token, which the server
 * makes at boot. See bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { BenchServer } from './bench-server';
import { hammer, pooled, rotatingStatusPaths, seedMissions, ServerProcess, withServerLoop, type LoadFigures, type LoadRun } from './api-load';
import type { Distribution, LagFigures, LagOptions, ProfileFigures, Timed } from './api-protocol';
import { fixed, ms, ratio, section, table } from './report';
import { positiveInt } from './settings';

const CONNECTIONS = positiveInt('BENCH_API_CONNECTIONS', 10);
const SECONDS = positiveInt('BENCH_API_SECONDS', 8);
const WARMUP_SECONDS = 2;
/**
 * `throughput`: only the req/s comparison with the bare apps (a quick re-run); `health`: only /health
 * against the bare apps, without seeding missions (the quickest); anything else: every phase.
 */
const ONLY = process.env.BENCH_API_ONLY;
const ONLY_THROUGHPUT = ONLY === 'throughput' || ONLY === 'health';
/** The issue's goals against the bare NestJS app in the same run. */
const GOALS = { health: 0.7, status: 0.5, p99Ms: 20 };
const CONSULTATIONS = positiveInt('BENCH_API_CONSULTATIONS', 300);
const SEQUENTIAL = positiveInt('BENCH_API_SEQUENTIAL', 2000);
const LAG: LagOptions = {
  ratePerSecond: positiveInt('BENCH_API_LAG_RATE', 20),
  seconds: positiveInt('BENCH_API_LAG_SECONDS', 10),
  pollMs: 2,
  settleMs: 5000,
};

const log = (line: string): void => console.error(`  · ${line}`);

function loadRow(label: string, run: LoadFigures): string[] {
  return [
    label,
    fixed(run.perSecond),
    run.perSecondByRun.map((value) => fixed(value)).join(', '),
    ms(run.latency.p50),
    ms(run.latency.p99),
    ms(run.latency.max),
    String(run.autocannonP99),
    fixed(run.errors),
    fixed(run.timeouts),
    fixed(run.non2xx),
    fixed(run.serverCpuMsPerRequest, 3),
    fixed(run.serverLoopPercent),
    fixed(run.machineBusyPercent),
  ];
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

function goal(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

interface Throughput {
  bare: LoadFigures;
  fastify: LoadFigures;
  health: LoadFigures;
  /** null with BENCH_API_ONLY=health */
  status: LoadFigures | null;
}

function printThroughput({ bare, fastify, health, status }: Throughput, loadBefore: string): void {
  section(`GET /health vs GET /gantry/status/:id vs a bare NestJS app: ${CONNECTIONS} connections, ${SECONDS} s each`);
  const header = [
    'endpoint',
    'req/s',
    'by run',
    'p50 ms',
    'p99 ms',
    'max ms',
    'ac p99',
    'errors',
    'timeouts',
    'non-2xx',
    'srv CPU ms/req',
    'srv loop %',
    'busy %',
  ];
  console.log(
    table(header, [
      loadRow('bare NestJS GET /health', bare),
      loadRow('bare NestJS on Fastify GET /health', fastify),
      loadRow('Gantry GET /health', health),
      ...(status ? [loadRow('Gantry GET /gantry/status/:id', status)] : []),
    ]),
  );
  const healthRatio = health.perSecond / bare.perSecond;
  console.log(
    `against the bare app: /health ${ratio(healthRatio)} (goal ${GOALS.health}x: ${goal(healthRatio >= GOALS.health)}), ` +
      `p99 ${ms(health.latency.p99)} ms (goal < ${GOALS.p99Ms} ms: ${goal(health.latency.p99 < GOALS.p99Ms)})`,
  );
  if (status) {
    const statusRatio = status.perSecond / bare.perSecond;
    console.log(
      `/gantry/status/:id ${ratio(statusRatio)} (goal ${GOALS.status}x: ${goal(statusRatio >= GOALS.status)}), ` +
        `p99 ${ms(status.latency.p99)} ms (goal < ${GOALS.p99Ms} ms: ${goal(status.latency.p99 < GOALS.p99Ms)})`,
    );
    console.log(`status/health: req/s ${ratio(status.perSecond / health.perSecond)}, p50 ${ratio(status.latency.p50 / health.latency.p50)}`);
  }
  console.log(
    `Fastify against Express, both bare: req/s ${ratio(fastify.perSecond / bare.perSecond)}, ` +
      `server CPU per request ${fixed(fastify.serverCpuMsPerRequest, 3)} against ${fixed(bare.serverCpuMsPerRequest, 3)} ms`,
  );
  console.log(`load average (1/5/15 min) before: ${loadBefore}, after: ${loadAverage()}`);
  const order = status ? 'bare, Fastify, health, status, status, health, Fastify, bare' : 'bare, Fastify, health, health, Fastify, bare';
  console.log(`Each server ran twice for ${SECONDS / 2} s, in the order ${order}; figures pool both runs.`);
  console.log("Latency per response from autocannon's per-request timer; ac p99 is autocannon's own histogram (whole ms).");
  console.log('srv CPU: the server process only (PostgreSQL backends are separate processes); srv loop %: how much of the');
  console.log("run the server's event loop was busy (near 100: requests queue for it); busy %: all CPUs of the machine.");
}

function distributionRow(label: string, figures: Distribution, cpuMsPerCall: number): string[] {
  return [label, fixed(figures.count), ms(figures.p50), ms(figures.p99), ms(figures.mean), fixed(cpuMsPerCall, 3)];
}

function timedRow(label: string, figures: Timed): string[] {
  return distributionRow(label, figures, figures.cpuMsPerCall);
}

function printWhereTheTimeGoes(health1: LoadFigures, status1: LoadFigures, profile: ProfileFigures): void {
  section(`Where the time goes: one request at a time (${fixed(SEQUENTIAL)} each)`);
  console.log(
    table(
      ['what', 'calls', 'p50 ms', 'p99 ms', 'mean ms', 'srv CPU ms/call'],
      [
        distributionRow('HTTP GET /health, 1 connection', health1.latency, health1.serverCpuMsPerRequest),
        distributionRow('HTTP GET /gantry/status/:id, 1 connection', status1.latency, status1.serverCpuMsPerRequest),
        timedRow('in-process HealthService.report()', profile.healthReport),
        timedRow('  pg pool: SELECT 1', profile.selectOne),
        timedRow('in-process GetMissionStatusQuery + presentSummary', profile.statusView),
        timedRow('  MissionReadModel.summary(id) (TypeORM)', profile.summaryQueryTypeorm),
        timedRow('  pg pool: SELECT * FROM mission_summary', profile.summaryQueryPg),
        timedRow('in-process ApiTokenStore.caller(token)', profile.tokenCaller),
      ],
    ),
  );
  const overhead = (http: number, inProcess: number): string => fixed(http - inProcess, 3);
  // Both endpoints pay the token lookup: the rate limiter resolves the caller for /health too.
  console.log('HTTP + Nest + the door (its token lookup) + serialization, HTTP at 1 connection minus in-process:');
  console.log(
    `  p50 latency: health ${overhead(health1.latency.p50, profile.healthReport.p50)} ms, status ${overhead(status1.latency.p50, profile.statusView.p50)} ms; ` +
      `server CPU: health ${overhead(health1.serverCpuMsPerRequest, profile.healthReport.cpuMsPerCall)} ms, ` +
      `status ${overhead(status1.serverCpuMsPerRequest, profile.statusView.cpuMsPerCall)} ms`,
  );
  console.log(
    `TypeORM over raw pg for the summary row: p50 ${fixed(profile.summaryQueryTypeorm.p50 - profile.summaryQueryPg.p50, 3)} ms, ` +
      `server CPU ${fixed(profile.summaryQueryTypeorm.cpuMsPerCall - profile.summaryQueryPg.cpuMsPerCall, 3)} ms`,
  );
  console.log("srv CPU: the server process's CPU time per call (its share of the pg protocol included, PostgreSQL's not).");
}

function lagRow(label: string, lag: LagFigures, loopPercent: number): string[] {
  return [
    label,
    fixed(loopPercent),
    `${fixed(lag.opened)}${lag.failed ? ` (+${lag.failed} failed)` : ''}`,
    fixed(lag.ratePerSecond, 1),
    ms(lag.append.p50),
    ms(lag.append.p99),
    ms(lag.polled.p50),
    ms(lag.polled.p99),
    ms(lag.polled.max),
    ms(lag.waited.p50),
    ms(lag.waited.p99),
    ms(lag.waited.max),
    fixed(lag.missed),
  ];
}

function printLag(quiet: LagFigures, quietLoop: number, loaded: LagFigures, load: LoadFigures): void {
  section(`Projection lag: ${LAG.ratePerSecond} missions/s for ${LAG.seconds} s, append -> visible in mission_summary`);
  const header = ['while', 'srv loop %', 'missions', 'rate/s', 'append p50', 'p99', 'polled p50', 'p99', 'max', 'wait p50', 'p99', 'max', 'missed'];
  console.log(table(header, [lagRow('quiet', quiet, quietLoop), lagRow(`status load (${CONNECTIONS} conn)`, loaded, load.serverLoopPercent)]));
  console.log("All in ms. Each mission is one append of MissionOpened + UserMessageReceived straight to the app's EventStore");
  console.log("(which wakes the ProjectionRunner, as a command's append does). Lag starts when the append resolves (committed).");
  console.log(`polled: an independent connection reading mission_summary every ${LAG.pollMs} ms (an upper bound, within one poll + query);`);
  console.log('wait: ProjectionRunner.waitForRevision, which HTTP writes use to answer read-your-writes.');
  console.log(
    `status load during the lag run: ${fixed(load.perSecond)} req/s, p50 ${ms(load.latency.p50)} ms, p99 ${ms(load.latency.p99)} ms, ` +
      `errors ${load.errors}, non-2xx ${load.non2xx}; server event loop busy ${fixed(load.serverLoopPercent)} %, machine ${fixed(load.machineBusyPercent)} %`,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const pg = await BenchServer.start();
  let server: ServerProcess | null = null;
  let bare: ServerProcess | null = null;
  let fastify: ServerProcess | null = null;
  try {
    console.log(`Gantry HTTP API benchmark — ${pg.description}, PostgreSQL ${await pg.serverVersion()}`);
    const databaseUrl = await pg.createDatabase('bench_api');
    server = await ServerProcess.start(databaseUrl);
    bare = await ServerProcess.startBare('express');
    fastify = await ServerProcess.startBare('fastify');
    console.log(
      `Node ${process.version}, ${cpus().length} CPU(s); server: child process ${String(server.pid)} at ${server.baseUrl}; load: autocannon in this process`,
    );

    const health = (): string => '/health';
    const under = { connections: CONNECTIONS, duration: WARMUP_SECONDS };
    const half = { ...under, duration: SECONDS / 2 };
    // Consultations only: a direct build is really built in Docker and shipped now (see seedMissions).
    const seeded = ONLY === 'health' ? null : await seedMissions(server, CONSULTATIONS, 4);
    if (seeded) {
      log(
        `seeded ${seeded.consultations.length} consultations in ${seeded.seconds.toFixed(1)} s (${seeded.failedRequests} failed requests${seeded.firstFailure ? `; first: ${seeded.firstFailure}` : ''})`,
      );
    }
    const ids = seeded?.consultations ?? [];
    if (seeded && ids.length === 0) throw new Error('no mission was seeded');
    const status = seeded ? rotatingStatusPaths(ids) : null;

    log(`warm-up: ${WARMUP_SECONDS} s on each endpoint`);
    await hammer(bare, health, under);
    await hammer(fastify, health, under);
    await hammer(server, health, under);
    if (status) await hammer(server, status, under);
    log(`measuring: ${SECONDS} s on each endpoint, in two halves of ${SECONDS / 2} s`);
    const loadBefore = loadAverage();
    const bareRuns: LoadRun[] = [await hammer(bare, health, half)];
    const fastifyRuns: LoadRun[] = [await hammer(fastify, health, half)];
    const healthRuns: LoadRun[] = [await hammer(server, health, half)];
    const statusRuns: LoadRun[] = status ? [await hammer(server, status, half), await hammer(server, status, half)] : [];
    healthRuns.push(await hammer(server, health, half));
    fastifyRuns.push(await hammer(fastify, health, half));
    bareRuns.push(await hammer(bare, health, half));
    printThroughput(
      { bare: pooled(bareRuns), fastify: pooled(fastifyRuns), health: pooled(healthRuns), status: status ? pooled(statusRuns) : null },
      loadBefore,
    );
    if (ONLY_THROUGHPUT || !status) return;

    log(`one request at a time: ${SEQUENTIAL} over HTTP per endpoint, then in-process`);
    const one = { connections: 1, duration: SECONDS, amount: SEQUENTIAL };
    const health1 = pooled([await hammer(server, health, one)]);
    const status1 = pooled([await hammer(server, status, one)]);
    const profile = await server.call('profile', { ids, samples: SEQUENTIAL });
    printWhereTheTimeGoes(health1, status1, profile);

    log(`projection lag: ${LAG.ratePerSecond} missions/s for ${LAG.seconds} s, quiet, then under status load`);
    const running = server;
    const quiet = await withServerLoop(server, () => running.call('lag', LAG));
    const [loaded, load] = await Promise.all([
      server.call('lag', LAG),
      hammer(server, status, { connections: CONNECTIONS, duration: LAG.seconds + 1 }), // covers every append of the lag run
    ]);
    printLag(quiet.result, quiet.loopPercent, loaded, pooled([load]));
    console.log(`\ntotal run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await bare?.stop();
    await fastify?.stop();
    await server?.stop();
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
