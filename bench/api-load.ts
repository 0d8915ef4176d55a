/**
 * The parent's side of `npm run bench:api`: the Gantry server child process, seeding missions over HTTP,
 * and autocannon runs against it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { errorMessage } from '../src/kernel/error-message';
import { distribution, type CallMessage, type CallName, type Calls, type ChildMessage, type Distribution } from './api-protocol';

const BOOT_TIMEOUT_MS = 90_000;
const CALL_TIMEOUT_MS = 180_000; // a safety net: every call is bounded by fixed counts and durations
const EXIT_TIMEOUT_MS = 10_000;

/** Gantry's HTTP server in a child process of its own (so that autocannon and the server do not share an event loop). */
export class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: Calls[CallName]['result']) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly token: string,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.kind !== 'reply' && message.kind !== 'failed') return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.kind === 'reply') waiter?.resolve(message.result);
      else waiter?.reject(new Error(`server: ${message.message}`));
    });
    child.on('exit', () => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error('the server process exited'));
      this.waiting.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every request sends it: the admin's API token, made by the server for this run (it sees every mission). */
  get authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  static start(databaseUrl: string): Promise<ServerProcess> {
    return ServerProcess.fork('api-server.ts', { BENCH_API_DATABASE_URL: databaseUrl });
  }

  /** The peer: a bare NestJS app (on Express, or on Fastify) answering GET /health with a constant (bench/bare-nest-server.ts). */
  static startBare(adapter: 'express' | 'fastify' = 'express'): Promise<ServerProcess> {
    return ServerProcess.fork('bare-nest-server.ts', { BENCH_BARE_ADAPTER: adapter });
  }

  private static async fork(script: string, env: Record<string, string>): Promise<ServerProcess> {
    const child = fork(join(__dirname, script), [], {
      // BENCH_API_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
      execArgv: [
        '-r',
        'ts-node/register/transpile-only',
        ...(process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : []),
      ],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not start within ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
        const settle = (outcome: () => void): void => {
          clearTimeout(timer);
          child.removeAllListeners('message');
          outcome();
        };
        child.on('message', (message: ChildMessage) => {
          if (message.kind === 'ready') settle(() => resolve(message));
          if (message.kind === 'boot-failed') settle(() => reject(new Error(`the server did not start: ${message.message}`)));
        });
        child.once('exit', (code) => settle(() => reject(new Error(`the server process exited (code ${String(code)}) before it was ready`))));
        child.once('error', (error) => settle(() => reject(error)));
      });
      return new ServerProcess(child, ready.port, ready.token);
    } catch (error) {
      await ServerProcess.end(child);
      throw error;
    }
  }

  call<K extends CallName>(name: K, args: Calls[K]['args']): Promise<Calls[K]['result']> {
    const id = this.nextId++;
    const message: CallMessage<K> = { kind: 'call', id, name, args };
    return new Promise<Calls[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`server call ${name} took over ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send(message);
    });
  }

  /** Asks the server to close (pools first), lets go of it, and makes sure it is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.connected) {
      await this.call('stop', null).catch((error: unknown) => console.error(`stopping the server: ${errorMessage(error)}`));
    }
    await ServerProcess.end(this.child);
  }

  private static async end(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.disconnect(); // the child closes its app and exits on disconnect
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

export interface SeededMissions {
  consultations: string[];
  failedRequests: number;
  /** What the first failed request answered (status and speech), to say why. */
  firstFailure: string | null;
  seconds: number;
}

/** The mission id of a 200 answer (202 would mean a build started); else throws with the status and speech line. */
async function postJson(server: ServerProcess, path: string, body: object): Promise<string> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...server.authHeaders },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { mission_id?: unknown; speech?: unknown };
  if (response.status === 200 && typeof answer.mission_id === 'string') return answer.mission_id;
  throw new Error(`POST ${path}: ${response.status} ${typeof answer.speech === 'string' ? answer.speech : ''}`);
}

/**
 * Consultations only, a few at a time. A status read costs the same for any mission (one mission_summary
 * row), and a direct build (POST /gantry/architect) now really drafts, builds in Docker and ships: seeding
 * those would load the machine with real builds during the measurements.
 */
export async function seedMissions(server: ServerProcess, consultations: number, concurrency: number): Promise<SeededMissions> {
  const started = Date.now();
  const results: Array<string | null> = new Array<string | null>(consultations).fill(null);
  let firstFailure: string | null = null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < consultations) {
      const index = next++;
      // The guardrails want a clear build intent; a first turn only opens the consultation (no build).
      const message = `Build me a recipe box with search (seeded consultation ${index})`;
      results[index] = await postJson(server, '/gantry/consult', { message }).catch((error: unknown) => {
        firstFailure ??= errorMessage(error);
        return null;
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    consultations: results.filter((id): id is string => id !== null),
    failedRequests: results.filter((id) => id === null).length,
    firstFailure,
    seconds: (Date.now() - started) / 1000,
  };
}

export interface LoadOptions {
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  duration: number;
  amount?: number;
}

/** One autocannon run, raw. */
export interface LoadRun {
  requests: number;
  seconds: number;
  /** Per response, from autocannon's own per-request timer (sub-millisecond; autocannon's histogram is whole ms). */
  samples: number[];
  /** autocannon's own p99 (whole milliseconds), as a cross-check. */
  autocannonP99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverCpuMs: number;
  loopActiveMs: number;
  loopTotalMs: number;
  machineBusy: number;
  machineTotal: number;
}

/** One or more runs of the same load, pooled. */
export interface LoadFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  /** req/s of each run, to show the noise. */
  perSecondByRun: number[];
  latency: Distribution;
  /** autocannon's own p99, the highest over the runs. */
  autocannonP99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Server process CPU time per request, in ms (main thread and libuv pool; PostgreSQL is not in it). */
  serverCpuMsPerRequest: number;
  /** The server's event loop: per cent of the time it was busy (near 100: every request waits for the loop). */
  serverLoopPercent: number;
  /** Whole machine busy time, in per cent of all CPUs (server, PostgreSQL, autocannon, anything else running). */
  machineBusyPercent: number;
}

function machineTimes(): { busy: number; total: number } {
  return cpus().reduce(
    (sum, cpu) => {
      const total = cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle;
      return { busy: sum.busy + total - cpu.times.idle, total: sum.total + total };
    },
    { busy: 0, total: 0 },
  );
}

/** GETs on `nextPath()` (called once per request) with autocannon. */
export async function hammer(server: ServerProcess, nextPath: () => string, options: LoadOptions): Promise<LoadRun> {
  const samples: number[] = [];
  const before = await server.call('cpu', null);
  const machineBefore = machineTimes();
  const result = await autocannon({
    url: server.baseUrl,
    connections: options.connections,
    duration: options.duration,
    amount: options.amount,
    timeout: 10,
    headers: server.authHeaders,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
    setupClient: (client) => {
      client.on('response', (_status, _bytes, responseTime) => samples.push(responseTime));
    },
  });
  const machineAfter = machineTimes();
  const after = await server.call('cpu', null);
  const loopActiveMs = after.loopActiveMs - before.loopActiveMs;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    samples,
    autocannonP99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    serverCpuMs: after.cpuMs - before.cpuMs,
    loopActiveMs,
    loopTotalMs: loopActiveMs + after.loopIdleMs - before.loopIdleMs,
    machineBusy: machineAfter.busy - machineBefore.busy,
    machineTotal: machineAfter.total - machineBefore.total,
  };
}

export function pooled(runs: LoadRun[]): LoadFigures {
  const sum = (pick: (run: LoadRun) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  const requests = sum((run) => run.requests);
  const seconds = sum((run) => run.seconds);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    perSecondByRun: runs.map((run) => run.requests / run.seconds),
    latency: distribution(runs.flatMap((run) => run.samples)),
    autocannonP99: Math.max(...runs.map((run) => run.autocannonP99)),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    non2xx: sum((run) => run.non2xx),
    serverCpuMsPerRequest:
      sum((run) => run.serverCpuMs) /
      Math.max(
        1,
        sum((run) => run.samples.length),
      ),
    serverLoopPercent:
      (100 * sum((run) => run.loopActiveMs)) /
      Math.max(
        1,
        sum((run) => run.loopTotalMs),
      ),
    machineBusyPercent:
      (100 * sum((run) => run.machineBusy)) /
      Math.max(
        1,
        sum((run) => run.machineTotal),
      ),
  };
}

/** Runs `work` and says how busy the server's event loop was meanwhile, in per cent. */
export async function withServerLoop<T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; loopPercent: number }> {
  const before = await server.call('cpu', null);
  const result = await work();
  const after = await server.call('cpu', null);
  const active = after.loopActiveMs - before.loopActiveMs;
  return { result, loopPercent: (100 * active) / Math.max(1, active + after.loopIdleMs - before.loopIdleMs) };
}

/** Cycles over `ids`, as status paths. */
export function rotatingStatusPaths(ids: string[]): () => string {
  let next = 0;
  return () => `/gantry/status/${ids[next++ % ids.length]}`;
}
