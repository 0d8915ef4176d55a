/**
 * `npm run bench:abuse`: Gantry's real HTTP server (a child process) under a hostile load, all at once:
 * 300 open mission streams, 10 concurrent 1 MB chat requests in a loop, and a sign-in guessing loop
 * against the admin. Reports GET /health p50/p99 before and during, the server's event-loop delay p99
 * (perf_hooks.monitorEventLoopDelay, in the server), and whether the real admin can still sign in.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchServer } from './bench-server';
import type { DelayFigures } from './abuse-server';
import { positiveInt } from './settings';

const STREAMS = positiveInt('BENCH_ABUSE_STREAMS', 300);
const CHATS = positiveInt('BENCH_ABUSE_CHATS', 10);
const HEALTH_SAMPLES = positiveInt('BENCH_ABUSE_HEALTH_SAMPLES', 300);
const GUESSERS = 2;
const log = (line: string): void => console.error(`  · ${line}`);

interface Ready {
  port: number;
  token: string;
  password: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function healthFigures(base: string): Promise<{ p50: number; p99: number; non200: number }> {
  const timings: number[] = [];
  let non200 = 0;
  for (let index = 0; index < HEALTH_SAMPLES; index += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/health`);
    await response.arrayBuffer();
    timings.push(performance.now() - started);
    if (response.status !== 200) non200 += 1;
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p99: percentile(timings, 99), non200 };
}

function delay(child: ChildProcess): Promise<DelayFigures> {
  return new Promise((resolve) => {
    child.once('message', (message: { kind: string; figures: DelayFigures }) => resolve(message.figures));
    child.send('read');
  });
}

async function main(): Promise<void> {
  const server = await BenchServer.start();
  const databaseUrl = await server.createDatabase('bench_abuse');
  const child = fork(join(__dirname, 'abuse-server.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, BENCH_ABUSE_DATABASE_URL: databaseUrl, BENCH_ABUSE_STREAMS: String(STREAMS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const abort = new AbortController();
  try {
    const ready = await new Promise<Ready>((resolve) => child.once('message', (message: Ready) => resolve(message)));
    const base = `http://127.0.0.1:${ready.port}`;
    const auth = { Authorization: `Bearer ${ready.token}`, 'Content-Type': 'application/json' };
    const consult = await fetch(`${base}/gantry/consult`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ message: 'I want a todo app for my team' }),
    });
    const missionId = ((await consult.json()) as { mission_id: string }).mission_id;

    log('before: GET /health alone');
    child.send('reset');
    const before = await healthFigures(base);
    const delayBefore = await delay(child);

    log(`during: ${STREAMS} streams, ${CHATS} concurrent 1 MB chats, ${GUESSERS} sign-in guessers`);
    let opened = 0;
    let answered = 0;
    const streams = Array.from({ length: STREAMS }, async () => {
      const response = await fetch(`${base}/gantry/missions/${missionId}/stream`, { headers: auth, signal: abort.signal });
      answered += 1;
      if (response.status === 200) opened += 1;
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read());
    });
    for (let waited = 0; answered < STREAMS && waited < 600; waited += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const content = 'I want a todo app with dark mode and search and a kanban board, '.repeat(62);
    const megabyte = JSON.stringify({ messages: Array.from({ length: 250 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) });
    const chatStatuses = new Map<number, number>();
    const guessStatuses = new Map<number, number>();
    const count = (map: Map<number, number>, status: number): void => void map.set(status, (map.get(status) ?? 0) + 1);
    const loop = async (work: () => Promise<number>, into: Map<number, number>): Promise<void> => {
      while (!abort.signal.aborted) count(into, await work().catch(() => 0));
    };
    const chats = Array.from({ length: CHATS }, () =>
      loop(() => fetch(`${base}/gantry/chat`, { method: 'POST', headers: auth, body: megabyte, signal: abort.signal }).then((r) => r.status), chatStatuses),
    );
    const guess = (): Promise<number> =>
      fetch(`${base}/gantry/auth`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: `guess-${Math.random()}` }),
        signal: abort.signal,
      }).then((r) => r.status);
    const guessers = Array.from({ length: GUESSERS }, () => loop(guess, guessStatuses));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.send('reset');
    const during = await healthFigures(base);
    const delayDuring = await delay(child);
    const signIn = await fetch(`${base}/gantry/auth`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ready.password }),
    });
    abort.abort();
    await Promise.allSettled([...streams, ...chats, ...guessers]);

    const row = (label: string, h: { p50: number; p99: number; non200: number }, d: DelayFigures): string =>
      `| ${label} | ${h.p50.toFixed(1)} | ${h.p99.toFixed(1)} | ${h.non200} | ${d.p99.toFixed(1)} | ${d.max.toFixed(1)} |`;
    console.log('\n## Abuse: /health and the event loop under hostile load\n');
    console.log(
      `${STREAMS} open streams (${opened} opened), ${CHATS} concurrent 1 MB POST /gantry/chat in a loop, ${GUESSERS} sign-in guessing loops; ${HEALTH_SAMPLES} sequential GET /health per phase.\n`,
    );
    console.log('| phase | /health p50 ms | /health p99 ms | /health non-200 | event-loop delay p99 ms | event-loop delay max ms |');
    console.log('|---|---|---|---|---|---|');
    console.log(row('before', before, delayBefore));
    console.log(row('during', during, delayDuring));
    console.log(
      `\n1 MB chat answers: ${JSON.stringify(Object.fromEntries(chatStatuses))}; sign-in guesses: ${JSON.stringify(Object.fromEntries(guessStatuses))}`,
    );
    console.log(`The real admin signing in during the attack: HTTP ${signIn.status} (${signIn.status === 200 ? 'signed in' : 'refused'})`);
    console.log(`Goal /health p99 < 50 ms during: ${during.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    abort.abort();
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
