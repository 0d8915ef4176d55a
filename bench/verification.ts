import { canonicalJson, type JsonValue } from '../src/kernel/black-box/canonical-json';
import { verifyChain } from '../src/kernel/black-box/chain-verifier';
import { compiledVerification } from './compiled-kernel';
import type { GantryTarget } from './targets';
import { positiveInt } from './settings';
import { parseEnvelope, sha256Hex } from '../src/kernel/black-box/hash-chain';
import type { StoredChainRecord, StreamHead } from '../src/missions/ports/event-store.port';
import type { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { bestOf, streamName, timed } from './workload';
import { serverCpuMeter, withCpuSplit, type CpuSplit } from './server-cpu';

interface LoadedChain {
  stream: string;
  records: StoredChainRecord[];
  head: StreamHead | null;
}

export interface VerificationFigures {
  streams: number;
  events: number;
  bytes: number;
  invalid: string[];
  /** readChain + streamHead for every stream, one stream at a time, as `gantry audit verify <stream>` reads one. */
  loadOneByOneSeconds: number;
  /** readChains over every stream (pages of 500 streams, the pages `gantry audit verify --all` reads on each thread). */
  loadSeconds: number;
  verifySeconds: number;
  rawSha256Seconds: number;
  /** The parts of verifyChain's work, each alone over the same records. */
  parseSeconds: number;
  recanonicalizeSeconds: number;
  /**
   * auditChainPages (what `gantry audit verify --all` runs: read + verify) over the streams repeated to
   * THREAD_EVENTS events, by thread count, with the CPU this process and the PostgreSQL server spent.
   */
  threaded: { events: number; byThreads: Map<number, CpuSplit> };
  /** verifyChains (chains already in memory) over the same events, by thread count: the verification alone. */
  inMemory: { events: number; secondsByThreads: Map<number, number> };
}

/** Events `verify --all`'s chain step is timed over (the streams listed again as often as it takes). */
const THREAD_EVENTS = positiveInt('BENCH_VERIFY_EVENTS', process.env.BENCH_SHORT === '1' ? 300_000 : 600_000);

/** The loaded stream names listed again until they hold about THREAD_EVENTS events. */
function repeated<T>(items: readonly T[], events: number): { items: T[]; copies: number } {
  const copies = Math.max(1, Math.ceil(THREAD_EVENTS / Math.max(1, events)));
  return { items: Array.from({ length: copies }, () => items).flat(), copies };
}

/**
 * What `gantry audit verify --all` now runs for its chains, end to end: auditChainPages reading pages of 500
 * streams from PostgreSQL and verifying them, on this thread alone (1) or on it and N - 1 workers that each
 * read their own pages over their own connection. Compiled to JavaScript, as gantry runs from dist/. Best of 2 each,
 * with that run's CPU split between this process and the server; then verifyChains alone, chains in memory.
 */
async function measureThreads(
  target: GantryTarget,
  chains: LoadedChain[],
  events: number,
  threadCounts: number[],
): Promise<Pick<VerificationFigures, 'threaded' | 'inMemory'>> {
  const names = repeated(
    chains.map((chain) => chain.stream),
    events,
  );
  const byThreads = new Map<number, CpuSplit>();
  const secondsByThreads = new Map<number, number>();
  const { auditChainPages, verifyChains, remove } = compiledVerification();
  const meter = await serverCpuMeter(target.pool);
  try {
    for (const threads of threadCounts) {
      for (let run = 0; run < 2; run += 1) {
        const { result, split } = await withCpuSplit(meter, () => auditChainPages(target.pool, target.database.url, names.items, threads));
        if ([...result.values()].some((digest) => !digest.result.valid)) throw new Error('a chain failed verification in the threaded run');
        if (split.seconds < (byThreads.get(threads)?.seconds ?? Number.POSITIVE_INFINITY)) byThreads.set(threads, split);
      }
    }
    const inMemory = repeated(chains, events).items;
    for (const threads of threadCounts) {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run += 1) {
        const { result, seconds } = await timed(() => verifyChains(inMemory, threads));
        if (result.some((verdict) => !verdict.valid)) throw new Error('a chain failed verification in memory');
        best = Math.min(best, seconds);
      }
      secondsByThreads.set(threads, best);
    }
  } finally {
    remove();
  }
  const total = events * names.copies;
  return { threaded: { events: total, byThreads }, inMemory: { events: total, secondsByThreads } };
}

const REPEATS = 3;
/** verifyChain and raw SHA-256 are timed alternately this many times per slice; the best of each is kept. */
const RATIO_ROUNDS = 9;
/** Streams per timed slice (a few milliseconds of work). */
const SLICE_STREAMS = 50;

function verifyInvalid(chain: LoadedChain): string[] {
  const result = verifyChain(chain.stream, chain.records, chain.head);
  return result.valid ? [] : [`${chain.stream}: ${result.reason}`];
}

async function loadChainsOneByOne(store: PostgresEventStore, streams: number): Promise<LoadedChain[]> {
  const chains: LoadedChain[] = [];
  for (let index = 0; index < streams; index += 1) {
    const stream = streamName(index);
    const [records, head] = await Promise.all([store.readChain(stream), store.streamHead(stream)]);
    chains.push({ stream, records, head });
  }
  return chains;
}

/** The pages `gantry audit verify --all` reads (on each of its threads): readChains, a few large pages of streams. */
async function loadChainsInPages(store: PostgresEventStore, streams: number): Promise<LoadedChain[]> {
  const names = Array.from({ length: streams }, (_, index) => streamName(index));
  const chains = await store.readChains(names);
  return names.map((stream) => ({ stream, records: chains.get(stream)?.records ?? [], head: chains.get(stream)?.head ?? null }));
}

/** verifyChain over every Gantry stream, against raw SHA-256 of the same canonical bytes. CPU parts are best of 3. */
export async function measureVerification(target: GantryTarget, streams: number, threadCounts: number[]): Promise<VerificationFigures> {
  const { store } = target;
  const oneByOne = await timed(() => loadChainsOneByOne(store, streams));
  const load = await timed(() => loadChainsInPages(store, streams));
  const chains = load.result;
  const texts = chains.flatMap((chain) => chain.records.map((record) => record.canonical));
  const invalid: string[] = [];

  let sink = 0;
  invalid.push(...chains.flatMap((chain) => verifyInvalid(chain)));
  // Timed in slices of a few milliseconds, each slice's best of several kept, verifyChain and raw SHA-256
  // alternately: on a loaded machine a long run is seldom left alone, a short one often is, so the sum of
  // the best slices is the cost with nobody else on the core, for both alike.
  let verifySeconds = 0;
  let rawSha256Seconds = 0;
  for (let start = 0; start < chains.length; start += SLICE_STREAMS) {
    const slice = chains.slice(start, start + SLICE_STREAMS);
    const sliceTexts = slice.flatMap((chain) => chain.records.map((record) => record.canonical));
    let verify = Number.POSITIVE_INFINITY;
    let raw = Number.POSITIVE_INFINITY;
    for (let round = 0; round < RATIO_ROUNDS; round += 1) {
      verify = Math.min(
        verify,
        bestOf(1, () => slice.forEach((chain) => (sink ^= verifyChain(chain.stream, chain.records, chain.head).events))),
      );
      raw = Math.min(
        raw,
        bestOf(1, () => sliceTexts.forEach((text) => (sink ^= sha256Hex(text).charCodeAt(0)))),
      );
    }
    verifySeconds += verify;
    rawSha256Seconds += raw;
  }
  const parseSeconds = bestOf(REPEATS, () => {
    for (const text of texts) sink ^= parseEnvelope(text).revision;
  });
  const parsed = texts.map((text) => parseEnvelope(text) as unknown as JsonValue);
  const recanonicalizeSeconds = bestOf(REPEATS, () => {
    for (const envelope of parsed) sink ^= canonicalJson(envelope).length;
  });
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink); // keeps the loops from being optimised away
  const threads = await measureThreads(target, chains, texts.length, threadCounts);

  return {
    streams: chains.length,
    events: texts.length,
    bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0),
    invalid,
    loadOneByOneSeconds: oneByOne.seconds,
    loadSeconds: load.seconds,
    verifySeconds,
    rawSha256Seconds,
    parseSeconds,
    recanonicalizeSeconds,
    ...threads,
  };
}
