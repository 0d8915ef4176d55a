/**
 * `npm run bench:scale [-- --missions N --duration S --connections C]`: how Gantry scales out with processes.
 *  1. Missions per minute (offline architect, Docker sandbox, local deploy and publish) with one API process
 *     and 1, then 2, `gantry serve --role worker` processes, each on a fresh database.
 *  2. GET /health and GET /gantry/status/:id req/s with 1, then 2, `gantry serve --role api` processes, beside
 *     a bare NestJS app answering a constant (1, then 2, processes) in the same run: the load is split evenly
 *     across the processes, one autocannon per process, all at once.
 * Real processes, compiled once (bench/gantry-build.ts), on one PostgreSQL (DATABASE_URL, else embedded).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { BenchServer } from './bench-server';
import { ServerProcess } from './api-load';
import { compiledGantry } from './gantry-build';
import { GantryNode, type NodeRole } from './chaos/cluster';
import { ChaosClient, TERMINAL_STATUSES, waitForFinal, type SentMission } from './chaos/workload';
import { fixed, ms, ratio, section, table } from './report';

interface ScaleSettings {
  missions: number;
  duration: number;
  connections: number;
}

function settings(argv: string[]): ScaleSettings {
  const read = (flag: string, env: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    const raw = at >= 0 ? argv[at + 1] : process.env[env];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${flag} (or ${env}) must be a positive whole number, got "${String(raw)}"`);
    return value;
  };
  return {
    missions: read('--missions', 'BENCH_SCALE_MISSIONS', 6),
    duration: read('--duration', 'BENCH_SCALE_DURATION', 5),
    connections: read('--connections', 'BENCH_SCALE_CONNECTIONS', 10),
  };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const PASSWORD = randomBytes(18).toString('base64url');

/** A group of Gantry processes on one database and one data directory. */
class Deployment {
  readonly dir = mkdtempSync(join(tmpdir(), 'gantry-scale-'));
  readonly nodes: GantryNode[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly entry: string,
  ) {
    for (const sub of ['data', 'missions', 'scratch', 'logs']) mkdirSync(join(this.dir, sub));
  }

  private env(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      PORT: '0',
      GANTRY_PUBLIC_URL: 'http://localhost:5998',
      GANTRY_DATA_DIR: join(this.dir, 'data'),
      GANTRY_MISSIONS_DIR: join(this.dir, 'missions'),
      GANTRY_PASSWORD: PASSWORD,
      GANTRY_SANDBOX: 'docker',
      GANTRY_DOCKER_RUNTIME: 'runc',
      GANTRY_RATE_LIMIT_PER_MINUTE: '1000000',
      GANTRY_PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
      TMPDIR: join(this.dir, 'scratch'),
    };
  }

  /** The first process alone (it migrates the schema), then the others side by side. */
  async start(roles: NodeRole[]): Promise<void> {
    roles.forEach((role, index) => {
      const name = `${role}-${index + 1}`;
      this.nodes.push(
        new GantryNode(
          name,
          role,
          () => this.env(),
          join(this.dir, 'logs', `${name}.log`),
          (wanted) => ['--role', wanted],
          () => this.entry,
        ),
      );
    });
    await this.nodes[0].start();
    await Promise.all(this.nodes.slice(1).map((node) => node.start()));
  }

  ports(role: NodeRole): number[] {
    return this.nodes.filter((node) => node.role === role).map((node) => node.port);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const PROMPTS = ['a todo app with priorities', 'a notes app', 'a kanban board', 'a pomodoro timer', 'an expense tracker', 'a countdown timer'];

async function missionsPerMinute(
  server: BenchServer,
  entry: string,
  workers: number,
  count: number,
): Promise<{ perMinute: number; seconds: number; ended: string }> {
  const deployment = new Deployment(await server.createDatabase('bench_scale'), entry);
  try {
    await deployment.start(['api', ...Array<NodeRole>(workers).fill('worker')]);
    const api = deployment.ports('api')[0];
    const client = new ChaosClient(() => api, PASSWORD);
    await client.login();
    const started = Date.now();
    const sent: SentMission[] = [];
    for (let index = 0; index < count; index += 1) {
      sent.push(await client.send({ index, kind: 'direct', prompt: `${PROMPTS[index % PROMPTS.length]} (scale bench ${index})` }));
    }
    const finals = await waitForFinal(client, sent, Date.now() + 30 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    const ended = [...finals.values()].filter((status) => TERMINAL_STATUSES.includes(status ?? '')).length;
    const statuses = [...new Set(finals.values())].join('/');
    return { perMinute: (60 * ended) / seconds, seconds, ended: `${ended}/${count} ${statuses}` };
  } finally {
    await deployment.stop();
  }
}

interface Throughput {
  perSecond: number;
  p99: number;
  non2xx: number;
}

/** One autocannon per port, all at once, the connections split evenly; req/s summed, p99 the worst. */
async function throughput(ports: number[], path: () => string, headers: Record<string, string>, options: ScaleSettings): Promise<Throughput> {
  const runs = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: Math.max(1, Math.round(options.connections / ports.length)),
        duration: options.duration,
        headers,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) }],
      }),
    ),
  );
  return {
    perSecond: runs.reduce((sum, run) => sum + run.requests.total / run.duration, 0),
    p99: Math.max(...runs.map((run) => run.latency.p99)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

async function signIn(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/gantry/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`signing in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

async function consultations(port: number, cookie: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await fetch(`http://127.0.0.1:${port}/gantry/consult`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'X-Gantry-Client': `scale-${index}` },
      body: JSON.stringify({ message: `Build me a recipe box with search (scale bench ${index})` }),
    });
    ids.push(String(((await response.json()) as { mission_id: unknown }).mission_id));
  }
  return ids;
}

async function httpRows(server: BenchServer, entry: string, processes: number, options: ScaleSettings): Promise<string[][]> {
  const bares = await Promise.all(Array.from({ length: processes }, () => ServerProcess.startBare()));
  const deployment = new Deployment(await server.createDatabase('bench_scale'), entry);
  try {
    await deployment.start(Array<NodeRole>(processes).fill('api'));
    const ports = deployment.ports('api');
    const cookie = await signIn(ports[0]);
    const ids = await consultations(ports[0], cookie, 20);
    let next = 0;
    const status = () => `/gantry/status/${ids[next++ % ids.length]}`;
    const bare = await throughput(
      bares.map((one) => one.port),
      () => '/health',
      {},
      options,
    );
    const health = await throughput(ports, () => '/health', {}, options);
    const statuses = await throughput(ports, status, { cookie }, options);
    const row = (name: string, figures: Throughput, peer: number | null): string[] => [
      `${name}, ${processes} process${processes > 1 ? 'es' : ''}`,
      fixed(figures.perSecond),
      peer === null ? '' : ratio(figures.perSecond / peer),
      ms(figures.p99),
      String(figures.non2xx),
    ];
    return [row('bare NestJS /health', bare, null), row('Gantry /health', health, bare.perSecond), row('Gantry /gantry/status/:id', statuses, bare.perSecond)];
  } finally {
    await deployment.stop();
    await Promise.all(bares.map((one) => one.stop()));
  }
}

async function main(): Promise<void> {
  const options = settings(process.argv.slice(2));
  console.log(
    `bench:scale: ${options.missions} missions per setting; HTTP ${options.connections} connections for ${options.duration} s per run; load ${load()}`,
  );
  const [entry, server] = await Promise.all([compiledGantry(), BenchServer.start()]);
  try {
    section('Missions per minute (offline architect, Docker sandbox, deploy and publish)');
    const missionRows: string[][] = [];
    let single = 0;
    for (const workers of [1, 2]) {
      const result = await missionsPerMinute(server, entry, workers, options.missions);
      if (workers === 1) single = result.perMinute;
      missionRows.push([
        `1 api + ${workers} worker${workers > 1 ? 's' : ''}`,
        fixed(result.perMinute, 2),
        ratio(result.perMinute / single),
        fixed(result.seconds, 1),
        result.ended,
        load(),
      ]);
    }
    console.log(table(['processes', 'missions/min', 'vs 1 worker', 'seconds', 'ended', 'load avg'], missionRows));

    section('HTTP throughput beside a bare NestJS app (req/s; ratio to the bare app with as many processes)');
    const rows: string[][] = [];
    for (const processes of [1, 2]) rows.push(...(await httpRows(server, entry, processes, options)));
    console.log(table(['server', 'req/s', 'vs bare', 'p99 ms', 'non-2xx'], rows));
    console.log(`\nload average at the end: ${load()} (the machine is shared: read ratios, not absolute figures)`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
