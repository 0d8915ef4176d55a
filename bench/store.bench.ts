/**
 * `npm run bench:store`: Gantry's PostgreSQL event store (hash chain on) against Emmett's PostgreSQL event
 * store, same server, same run, separate databases. Appends with 1, 4 and 16 writers over 1,000 streams;
 * reading the whole feed; verifying every chain against raw SHA-256 of the same bytes. See bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { errorMessage } from '../src/kernel/error-message';
import { runAppendPhase, sealingMicroseconds, type StoreRun, type WriterRow } from './append-phase';
import { BenchServer } from './bench-server';
import { bytes, fixed, ms, ratio, section, table } from './report';
import { EmmettTarget, GantryTarget } from './targets';
import { measureVerification, type VerificationFigures } from './verification';
import { timed } from './workload';
import { positiveInt, positiveIntValue } from './settings';

/** BENCH_SHORT=1: a quick pass for iterating (fewer appends, one round); each setting can still be given alone. */
const SHORT = process.env.BENCH_SHORT === '1';
const APPENDS = positiveInt('BENCH_APPENDS', SHORT ? 1500 : 4000);
const STREAMS = positiveInt('BENCH_STREAMS', 1000);
const ROUNDS = positiveInt('BENCH_ROUNDS', SHORT ? 1 : 3);
const WRITERS = (process.env.BENCH_WRITERS ?? '1,4,16').split(',').map((part) => positiveIntValue('BENCH_WRITERS', part));
const PAGE = 500;
const VERIFY_THREADS = (process.env.BENCH_VERIFY_THREADS ?? '1,2').split(',').map((part) => positiveIntValue('BENCH_VERIFY_THREADS', part));

const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

const log = (line: string): void => console.error(`  · ${line}`);

function printAppends(rows: WriterRow[]): void {
  section(`Appends: ${fixed(STREAMS)} streams, 1 event per append, exact expected revision`);
  console.log(`${fixed(APPENDS)} appends per store per writer count per round, ${ROUNDS} round(s); figures pool all rounds.`);
  const pick = (row: WriterRow, label: string): StoreRun | undefined => row.runs.get(label);
  const cells = rows.map((row) => {
    const g = pick(row, 'Gantry');
    const e = pick(row, 'Emmett');
    if (!g || !e) return [String(row.writers)];
    return [
      String(row.writers),
      fixed(g.appendsPerSecond),
      ms(g.p50),
      ms(g.p99),
      ms(g.p999),
      fixed(e.appendsPerSecond),
      ms(e.p50),
      ms(e.p99),
      ms(e.p999),
      ratio(g.appendsPerSecond / e.appendsPerSecond),
      ratio(g.p50 / e.p50),
      ratio(g.p99 / e.p99),
    ];
  });
  console.log(
    table(['writers', 'Gantry ap/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'Emmett ap/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'G/E ap/s', 'G/E p50', 'G/E p99'], cells),
  );
  console.log('ap/s = appends per second (wall clock); G/E ap/s > 1: Gantry faster; G/E p50, p99 < 1: Gantry faster.');
  console.log('Latency is per append call as the writer sees it, including any wait for one of the 10 pooled connections.');
  console.log('\nWhere the time goes (per append):');
  const diag = rows.flatMap((row) =>
    [...row.runs.entries()].map(([label, run]) => [
      `${label}, ${row.writers} writer(s)`,
      `${fixed(run.minPerSecond)}-${fixed(run.maxPerSecond)}`,
      ms(run.mean),
      Number.isFinite(run.functionMs) ? fixed(run.functionMs, 3) : 'n/a',
      fixed(run.clientCpuUs),
      fixed(run.walBytes),
    ]),
  );
  console.log(table(['store, writers', 'ap/s by round', 'mean ms', 'in function ms', 'Node CPU µs', 'WAL bytes'], diag));
  console.log('in function: server time inside gantry_append_event (one event per append) / emt_append_to_stream (pg_stat_user_functions).');
  console.log('Node CPU: this process, both sides of the pg protocol plus event building. Round trips: Gantry 1 (one');
  console.log('autocommit function call; appends arriving while 3 are in flight share one call and one commit), Emmett 3');
  console.log('(BEGIN, function call, COMMIT).');
}

interface FeedRead {
  reader: string;
  seconds: number;
  keys: string[];
  /** Events the store holds. */
  expected: number;
}

function printReadAll(reads: FeedRead[]): void {
  section(`Read all: whole global feed, pages of ${PAGE}`);
  const rows = reads.map((read) => {
    const distinct = new Set(read.keys).size;
    return [
      read.reader,
      fixed(read.expected),
      fixed(read.keys.length),
      fixed(read.keys.length - distinct),
      fixed(read.expected - distinct),
      read.seconds.toFixed(3),
      fixed(read.keys.length / read.seconds),
    ];
  });
  console.log(table(['reader', 'stored', 'returned', 'repeated', 'missed', 'seconds', 'events/s'], rows));
  const [gantry, emmett] = reads;
  console.log(`G/E events/s (readAll vs readMessagesBatch): ${ratio(gantry.keys.length / gantry.seconds / (emmett.keys.length / emmett.seconds))}`);
  console.log('events/s counts what was returned. repeated/missed != 0 means the paging itself is wrong (see README).');
  console.log('Emmett has no readAll on the store itself; readMessagesBatch is the exported page read under its');
  console.log('consumers. The consumer row includes its per-batch checkpoint writes and its fixed 100 ms first-poll sleep.');
}

/** verify --all end to end by threads, with where the CPU went; then the verification alone, chains in memory. */
function printThreads(figures: VerificationFigures): void {
  const { events, byThreads } = figures.threaded;
  const single = byThreads.get(1)?.seconds ?? Number.NaN;
  const us = (seconds: number | null): string => (seconds === null ? 'n/a' : fixed((seconds / events) * 1e6, 2));
  console.log(`\nverify --all's chain step, read from PostgreSQL and verified, over ${fixed(events)} events (the streams above, listed again`);
  console.log('as often as it takes), pages of 500 streams; 1 thread: this one reads and verifies; N: this one and N - 1 workers,');
  console.log('each worker reading its own pages over its own connection. Wall clock, worker start-up included; CPU per');
  console.log('event in this process (all threads) and in the PostgreSQL server (its backends, from /proc), over the same run:');
  console.log(
    table(
      ['threads', 'events/s', 'speed-up', 'Node CPU µs/ev', 'PG CPU µs/ev', 'CPU µs/ev', `ceiling on ${cpus().length} cores`],
      [...byThreads].map(([threads, split]) => {
        const cpu = split.serverCpu === null ? null : split.nodeCpu + split.serverCpu;
        const ceiling = cpu === null ? 'n/a' : `${fixed((cpus().length * events) / cpu)} ev/s`;
        return [String(threads), fixed(events / split.seconds), ratio(single / split.seconds), us(split.nodeCpu), us(split.serverCpu), us(cpu), ceiling];
      }),
    ),
  );
  console.log("ceiling: the rate if this run's CPU per event (Node + PostgreSQL) used every core fully; PostgreSQL shares the cores.");
  const memory = figures.inMemory;
  const alone = memory.secondsByThreads.get(1) ?? Number.NaN;
  console.log(`\nverification alone (verifyChains, chains already in memory, compiled), ${fixed(memory.events)} events, best of 3:`);
  console.log(
    table(
      ['threads', 'events/s', 'speed-up'],
      [...memory.secondsByThreads].map(([threads, seconds]) => [String(threads), fixed(memory.events / seconds), ratio(alone / seconds)]),
    ),
  );
}

function printVerification(figures: VerificationFigures, sealUs: number): void {
  section(`Verification: every Gantry chain (${fixed(figures.streams)} streams, ${fixed(figures.events)} events, ${bytes(figures.bytes)})`);
  const rate = (seconds: number): string => fixed(figures.events / seconds);
  const per = (seconds: number): string => fixed((seconds / figures.events) * 1e6, 2);
  console.log(
    table(
      ['step', 'events/s', 'µs/event'],
      [
        ['load: readChain + streamHead per stream', rate(figures.loadOneByOneSeconds), per(figures.loadOneByOneSeconds)],
        ['load: readChains, pages of 500 streams', rate(figures.loadSeconds), per(figures.loadSeconds)],
        ['verifyChain (in memory)', rate(figures.verifySeconds), per(figures.verifySeconds)],
        ['raw SHA-256 of the same bytes', rate(figures.rawSha256Seconds), per(figures.rawSha256Seconds)],
        ['  part: JSON.parse of the bytes', rate(figures.parseSeconds), per(figures.parseSeconds)],
        ['  part: re-canonicalize parsed envelope', rate(figures.recanonicalizeSeconds), per(figures.recanonicalizeSeconds)],
      ],
    ),
  );
  console.log(`verifyChain overhead over raw SHA-256: ${ratio(figures.verifySeconds / figures.rawSha256Seconds)} the time`);
  console.log(`verifyChain rate as a share of raw SHA-256's rate (single thread): ${((100 * figures.rawSha256Seconds) / figures.verifySeconds).toFixed(1)}%`);
  console.log('raw SHA-256 is the same one-shot call verifyChain makes (crypto.hash, hex), over the same strings.');
  console.log(`end to end (readChains + verifyChain): ${fixed(figures.events / (figures.loadSeconds + figures.verifySeconds))} events/s`);
  console.log(`chains valid: ${figures.invalid.length === 0 ? 'all' : `NO, ${figures.invalid.length} invalid: ${figures.invalid.slice(0, 3).join('; ')}`}`);
  printThreads(figures);
  console.log(`hash chain cost at append (canonicalize + SHA-256, client side): ${sealUs.toFixed(1)} µs per event`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const server = await BenchServer.start();
  let gantry: GantryTarget | null = null;
  let emmett: EmmettTarget | null = null;
  try {
    console.log(`Gantry vs Emmett event store benchmark — ${server.description}, PostgreSQL ${await server.serverVersion()}`);
    console.log(`Node ${process.version}, ${cpus().length} CPU(s); pools: 10 connections each; writers ${WRITERS.join(', ')}; ${ROUNDS} round(s)`);
    console.log(`load average at start: ${loadAverage()} (other processes on the machine; compare ratios within one run)`);
    const gantryUrl = await server.createDatabase('bench_gantry');
    const emmettUrl = await server.createDatabase('bench_emmett');
    gantry = await GantryTarget.open(gantryUrl);
    emmett = await EmmettTarget.open(emmettUrl);

    const options = { streams: STREAMS, writerCounts: WRITERS, appends: APPENDS, rounds: ROUNDS };
    const { rows, totals } = await runAppendPhase(server, [gantry, emmett], options, log);
    printAppends(rows);

    await server.checkpoint();
    const gantryTargetRef = gantry;
    const emmettTargetRef = emmett;
    const g = await timed(() => gantryTargetRef.readAll(PAGE));
    const eb = await timed(() => emmettTargetRef.readAll(PAGE));
    const ec = await timed(() => emmettTargetRef.readAllWithConsumer(PAGE));
    const gantryTotal = totals.get('Gantry') ?? 0;
    const emmettTotal = totals.get('Emmett') ?? 0;
    printReadAll([
      { reader: 'Gantry readAll', seconds: g.seconds, keys: g.result, expected: gantryTotal },
      { reader: 'Emmett readMessagesBatch', seconds: eb.seconds, keys: eb.result, expected: emmettTotal },
      { reader: 'Emmett consumer + reactor', seconds: ec.seconds, keys: ec.result, expected: emmettTotal },
    ]);

    const verification = await measureVerification(gantry, STREAMS, VERIFY_THREADS);
    printVerification(verification, sealingMicroseconds(4000));

    section('Storage after the run');
    const storage = [
      { label: 'Gantry', url: gantryUrl, events: 'events', streams: 'event_streams', total: gantryTotal },
      { label: 'Emmett', url: emmettUrl, events: 'emt_messages', streams: 'emt_streams', total: emmettTotal },
    ];
    for (const store of storage) {
      const size = await server.tableBytes(store.url, [store.events, store.streams]);
      const indexes = await server.indexNames(store.url, store.events);
      console.log(`${store.label} ${store.events} + ${store.streams}: ${bytes(size)} (${fixed(size / store.total)} B/event)`);
      console.log(`  indexes on ${store.events}: ${indexes.join(', ')}`);
    }
    console.log(`\nload average at end: ${loadAverage()}`);
    console.log(`total run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await gantry?.close().catch((error: unknown) => console.error(`closing Gantry: ${errorMessage(error)}`));
    await emmett?.close().catch((error: unknown) => console.error(`closing Emmett: ${errorMessage(error)}`));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
