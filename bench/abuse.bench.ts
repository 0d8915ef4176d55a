/**
 * `npm run bench:abuse`: Gantry's real HTTP server (a child process, default limits) under a hostile load,
 * all at once: 300 open mission streams (five per user, the default cap, on each user's own mission), an
 * attacker's 10 concurrent 1 MB chat requests in a loop, and two sign-in guessing loops against the admin
 * (one from ever new addresses, one from the admin's own address). Reports GET /health p50/p99 before and
 * during, the server's event-loop delay p99 (perf_hooks.monitorEventLoopDelay, in the server), the load
 * average, and whether the real admin can still sign in from the browser it used before (its device cookie).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BenchServer } from './bench-server';
import type { DelayFigures } from './abuse-server';
import { positiveInt } from './settings';

const STREAMS = positiveInt('BENCH_ABUSE_STREAMS', 300);
const CHATS = positiveInt('BENCH_ABUSE_CHATS', 10);
const HEALTH_SAMPLES = positiveInt('BENCH_ABUSE_HEALTH_SAMPLES', 300);
/** Gantry's default per-user cap on open streams: the streams are spread over enough users to stay under it. */
const STREAMS_PER_USER = 5;
const STREAM_USERS = Math.ceil(STREAMS / STREAMS_PER_USER);
/** A directory for the server's CPU profile (node --cpu-prof), written when it stops. */
const PROFILE_DIR = process.env.BENCH_ABUSE_PROFILE ?? '';
/** The attack's parts to run (comma-separated), to see what each costs by switching the others off. */
const ATTACK_PARTS = ['streams', 'chats', 'guesses'] as const;
const PARTS = new Set(
  (process.env.BENCH_ABUSE_PARTS ?? ATTACK_PARTS.join(','))
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
);
for (const part of PARTS)
  if (!(ATTACK_PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ABUSE_PARTS: unknown part "${part}" (${ATTACK_PARTS.join(', ')})`);
const log = (line: string): void => console.error(`  · ${line}`);

interface Ready {
  port: number;
  token: string;
  password: string;
  /** One token per user: the attacker's first, then the stream users'. */
  userTokens: string[];
}

type Health = { p50: number; p99: number; non200: number };
type Tally = Map<number, number>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * The /health prober runs on a thread of its own: on the bench's main thread it would share an event loop
 * with the attack (300 streams read, 1 MB bodies sent), and the attack's client work would count as
 * /health's latency.
 */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
(async () => {
  const timings = [];
  let non200 = 0;
  for (let index = 0; index < workerData.samples; index += 1) {
    const started = performance.now();
    const response = await fetch(workerData.url);
    await response.arrayBuffer();
    timings.push(performance.now() - started);
    if (response.status !== 200) non200 += 1;
  }
  parentPort.postMessage({ timings, non200 });
})();
`;

async function healthFigures(base: string): Promise<Health> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: `${base}/health`, samples: HEALTH_SAMPLES } });
  const { timings, non200 } = await new Promise<{ timings: number[]; non200: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p99: percentile(timings, 99), non200 };
}

function delay(child: ChildProcess): Promise<DelayFigures> {
  return new Promise((resolve) => {
    child.once('message', (message: { kind: string; figures: DelayFigures }) => resolve(message.figures));
    child.send('read');
  });
}

const json = (token: string | null): Record<string, string> => ({ 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) });
const count = (tally: Tally, status: number): void => void tally.set(status, (tally.get(status) ?? 0) + 1);
const shown = (tally: Tally): string => JSON.stringify(Object.fromEntries(tally));

/** A sign-in as the admin; `cookie` is the device cookie its browser kept, `address` where it comes from (through the trusted proxy). */
function signIn(base: string, password: string, options: { cookie?: string; address?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.address) headers['X-Forwarded-For'] = options.address;
  return fetch(`${base}/gantry/auth`, { method: 'POST', headers, body: JSON.stringify({ username: 'admin', password }) });
}

/** Opens each stream user's mission and its streams; resolves once every stream request has an answer. */
async function openStreams(base: string, tokens: string[], signal: AbortSignal, tally: Tally): Promise<Promise<void>[]> {
  const missions: string[] = [];
  for (const token of tokens) {
    const response = await fetch(`${base}/gantry/consult`, {
      method: 'POST',
      headers: json(token),
      body: JSON.stringify({ message: 'I want a todo app for my team' }),
    });
    if (response.status !== 200) throw new Error(`Opening a stream user's mission answered ${response.status}: ${await response.text()}`);
    missions.push(((await response.json()) as { mission_id: string }).mission_id);
  }
  let answered = 0;
  const streams = Array.from({ length: STREAMS }, async (_, index) => {
    const user = index % tokens.length;
    const response = await fetch(`${base}/gantry/missions/${missions[user] ?? ''}/stream`, { headers: json(tokens[user] ?? ''), signal });
    answered += 1;
    count(tally, response.status);
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read());
  });
  for (let waited = 0; answered < STREAMS && waited < 1200; waited += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return streams;
}

async function main(): Promise<void> {
  const server = await BenchServer.start();
  const databaseUrl = await server.createDatabase('bench_abuse');
  const child = fork(join(__dirname, 'abuse-server.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    env: { ...process.env, BENCH_ABUSE_DATABASE_URL: databaseUrl, BENCH_ABUSE_USERS: String(1 + STREAM_USERS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const abort = new AbortController();
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message: Ready) => resolve(message));
      child.once('exit', (code) => reject(new Error(`The server stopped before it was ready (exit ${code ?? 'by signal'})`)));
    });
    const base = `http://127.0.0.1:${ready.port}`;
    const [attacker = '', ...streamUsers] = ready.userTokens;
    const firstSignIn = await signIn(base, ready.password);
    const deviceCookie =
      firstSignIn.headers
        .getSetCookie()
        .find((cookie) => cookie.startsWith('gantry_device='))
        ?.split(';')[0] ?? '';
    if (firstSignIn.status !== 200 || !deviceCookie) throw new Error(`The admin's first sign-in answered ${firstSignIn.status} without a device cookie`);

    log('before: GET /health alone');
    const loadBefore = loadavg()[0] ?? NaN;
    child.send('reset');
    const before = await healthFigures(base);
    const delayBefore = await delay(child);

    log(`during (${[...PARTS].join(', ')}): ${STREAMS} streams of ${STREAM_USERS} users, ${CHATS} concurrent 1 MB chats, 2 sign-in guessing loops`);
    const streamStatuses: Tally = new Map();
    const streams = PARTS.has('streams') ? await openStreams(base, streamUsers, abort.signal, streamStatuses) : [];
    const content = 'I want a todo app with dark mode and search and a kanban board, '.repeat(62);
    const megabyte = JSON.stringify({ messages: Array.from({ length: 250 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) });
    const chatStatuses: Tally = new Map();
    const guessStatuses: Tally = new Map();
    const loop = async (work: () => Promise<Response>, into: Tally): Promise<void> => {
      while (!abort.signal.aborted)
        count(
          into,
          await work().then(
            (response) => response.status,
            () => 0,
          ),
        );
    };
    const chats = Array.from({ length: PARTS.has('chats') ? CHATS : 0 }, () =>
      loop(() => fetch(`${base}/gantry/chat`, { method: 'POST', headers: json(attacker), body: megabyte, signal: abort.signal }), chatStatuses),
    );
    let guesses = 0;
    const guess = (address: () => string | undefined) => (): Promise<Response> => {
      guesses += 1;
      const headers: Record<string, string> = json(null);
      const from = address();
      if (from) headers['X-Forwarded-For'] = from;
      return fetch(`${base}/gantry/auth`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'admin', password: `guess-${guesses}` }),
        signal: abort.signal,
      });
    };
    const botnet = guess(() => `198.18.${Math.floor(guesses / 250) % 250}.${guesses % 250}`); // a new address each time
    const neighbour = guess(() => undefined); // behind the admin's own address
    const guessers = PARTS.has('guesses') ? [loop(botnet, guessStatuses), loop(neighbour, guessStatuses)] : [];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.send('reset');
    const during = await healthFigures(base);
    const delayDuring = await delay(child);
    const loadDuring = loadavg()[0] ?? NaN;
    const knownDevice = await signIn(base, ready.password, { cookie: deviceCookie });
    const newPlace = await signIn(base, ready.password, { address: '192.0.2.77' });
    abort.abort();
    await Promise.allSettled([...streams, ...chats, ...guessers]);

    const row = (label: string, h: Health, d: DelayFigures, load: number): string =>
      `| ${label} | ${h.p50.toFixed(1)} | ${h.p99.toFixed(1)} | ${h.non200} | ${d.p99.toFixed(1)} | ${d.max.toFixed(1)} | ${d.cpuPercent.toFixed(0)} | ${load.toFixed(2)} |`;
    console.log('\n## Abuse: /health and the event loop under hostile load\n');
    console.log(
      `Attack parts: ${[...PARTS].join(', ') || 'none'}. ${STREAMS} streams of ${STREAM_USERS} users, an attacker's ${CHATS} concurrent 1 MB POST /gantry/chat in a loop, 2 sign-in guessing loops; ${HEALTH_SAMPLES} sequential GET /health per phase.\n`,
    );
    console.log(
      '| phase | /health p50 ms | /health p99 ms | /health non-200 | event-loop delay p99 ms | event-loop delay max ms | server CPU % of a core | load average (1 min) |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(row('before', before, delayBefore, loadBefore));
    console.log(row('during', during, delayDuring, loadDuring));
    console.log(`\nStream answers: ${shown(streamStatuses)}; 1 MB chat answers: ${shown(chatStatuses)}; sign-in guesses: ${shown(guessStatuses)}`);
    console.log(
      `The real admin signing in during the attack, from its known browser: HTTP ${knownDevice.status} (${knownDevice.status === 200 ? 'signed in' : `refused: ${await knownDevice.text()}`})`,
    );
    console.log(
      `The admin's password from a new browser at a new address meanwhile: HTTP ${newPlace.status} (the account's soft limit against many-address guessing)`,
    );
    console.log(`Goal /health p99 < 50 ms during: ${during.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    abort.abort();
    if (child.exitCode === null && child.signalCode === null) {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
