import type { Pool } from 'pg';
import { GENESIS_HASH, sealEvents } from '../src/kernel/black-box/hash-chain';
import type { BenchServer } from './bench-server';
import { bestOf, missionEvent, runAppends, summarize, type BenchTarget, type LatencySummary } from './workload';

export interface StoreRun extends LatencySummary {
  seconds: number;
  /** Throughput of the slowest and fastest round. */
  minPerSecond: number;
  maxPerSecond: number;
  /** CPU time of this Node process per append (user + system), microseconds: the client side's share. */
  clientCpuUs: number;
  /** WAL the server wrote per append, bytes. */
  walBytes: number;
  /** Time inside the append function on the server per call, ms (NaN when track_functions could not be set). */
  functionMs: number;
}

export interface WriterRow {
  writers: number;
  runs: Map<string, StoreRun>;
}

export interface AppendPhase {
  rows: WriterRow[];
  /** Events each store holds at the end, by label. */
  totals: Map<string, number>;
}

interface RoundResult {
  latenciesMs: Float64Array;
  seconds: number;
  cpuUs: number;
  walBytes: number;
  functionCalls: number;
  functionMs: number;
}

interface FunctionTotals {
  calls: number;
  ms: number;
}

async function functionTotals(pool: Pool, name: string): Promise<FunctionTotals> {
  const { rows } = await pool.query<{ calls: string; total_time: number }>(
    'SELECT calls::text AS calls, total_time FROM pg_stat_user_functions WHERE funcname = $1',
    [name],
  );
  return rows.reduce((sum, row) => ({ calls: sum.calls + Number(row.calls), ms: sum.ms + row.total_time }), { calls: 0, ms: 0 });
}

/**
 * Backends publish their statistics at the end of a transaction at most once a second (else after 10 s
 * idle). So wait a second, then run one statement on every pooled connection at once.
 */
async function flushBackendStats(pool: Pool): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const clients = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
  try {
    await Promise.all(clients.map((client) => client.query('SELECT 1')));
  } finally {
    clients.forEach((client) => client.release());
  }
}

/** One measured setting for one store: a checkpoint first, then the appends, with CPU, WAL and function time around them. */
async function measure(server: BenchServer, target: BenchTarget, counts: number[], writers: number, appends: number): Promise<RoundResult> {
  await server.checkpoint();
  const fnBefore = await functionTotals(target.pool, target.appendFunction);
  const walBefore = await server.walPosition();
  const cpuBefore = process.cpuUsage();
  const run = await runAppends(target, counts, writers, appends);
  const cpu = process.cpuUsage(cpuBefore);
  const walAfter = await server.walPosition();
  await flushBackendStats(target.pool);
  const fnAfter = await functionTotals(target.pool, target.appendFunction);
  return {
    latenciesMs: run.latenciesMs,
    seconds: run.seconds,
    cpuUs: cpu.user + cpu.system,
    walBytes: Number(walAfter - walBefore),
    functionCalls: fnAfter.calls - fnBefore.calls,
    functionMs: fnAfter.ms - fnBefore.ms,
  };
}

function combine(rounds: RoundResult[], appends: number): StoreRun {
  const total = appends * rounds.length;
  const latenciesMs = new Float64Array(total);
  rounds.forEach((round, index) => latenciesMs.set(round.latenciesMs, index * appends));
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const perSecond = rounds.map((round) => appends / round.seconds);
  const calls = rounds.reduce((sum, round) => sum + round.functionCalls, 0);
  return {
    ...summarize({ writers: 0, appends: total, seconds, latenciesMs }),
    seconds,
    minPerSecond: Math.min(...perSecond),
    maxPerSecond: Math.max(...perSecond),
    clientCpuUs: rounds.reduce((sum, round) => sum + round.cpuUs, 0) / total,
    walBytes: rounds.reduce((sum, round) => sum + round.walBytes, 0) / total,
    functionMs: calls > 0 ? rounds.reduce((sum, round) => sum + round.functionMs, 0) / calls : Number.NaN,
  };
}

/**
 * Warm-up: one event on every stream of every store (creates the streams, fills pools, JIT and Gantry's
 * head cache). Then `rounds` rounds of each writer count on each store, alternating which store goes first.
 */
export async function runAppendPhase(
  server: BenchServer,
  targets: BenchTarget[],
  options: { streams: number; writerCounts: number[]; appends: number; rounds: number },
  log: (line: string) => void,
): Promise<AppendPhase> {
  const { streams, writerCounts, appends, rounds } = options;
  const counts = new Map(targets.map((target) => [target.label, new Array<number>(streams).fill(0)]));
  const countsOf = (target: BenchTarget): number[] => counts.get(target.label) ?? [];
  for (const target of targets) {
    const warm = await runAppends(target, countsOf(target), Math.min(16, streams), streams);
    log(`warm-up ${target.label}: created ${streams} streams (1 event each) in ${warm.seconds.toFixed(2)} s, not measured`);
  }
  const results = new Map<string, RoundResult[]>();
  let turn = 0;
  for (let round = 1; round <= rounds; round += 1) {
    for (const writers of writerCounts) {
      const order = turn % 2 === 0 ? targets : [...targets].reverse();
      turn += 1;
      for (const target of order) {
        const result = await measure(server, target, countsOf(target), writers, appends);
        const key = `${target.label}/${writers}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        log(`round ${round}: ${target.label}, ${writers} writer(s): ${(appends / result.seconds).toFixed(0)} appends/s`);
      }
    }
  }
  const rows = writerCounts.map((writers) => ({
    writers,
    runs: new Map(targets.map((target) => [target.label, combine(results.get(`${target.label}/${writers}`) ?? [], appends)])),
  }));
  const totals = new Map([...counts.entries()].map(([label, perStream]) => [label, perStream.reduce((sum, n) => sum + n, 0)]));
  return { rows, totals };
}

/** Client-side cost of the hash chain alone: canonicalize + SHA-256 of one single-event append, microseconds. */
export function sealingMicroseconds(samples: number): number {
  const events = Array.from({ length: samples }, (_, index) => missionEvent(index % 1000, index));
  const seconds = bestOf(3, () => {
    events.forEach((event, index) => sealEvents(`mission-${index % 1000}`, index, GENESIS_HASH, [event]));
  });
  return (seconds / samples) * 1e6;
}
