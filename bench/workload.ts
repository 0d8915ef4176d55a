import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { NewEvent } from '../src/missions/ports/event-store.port';

/** A store under test: appends one event with the exact expectation that the stream holds `eventsBefore` events. */
export interface BenchTarget {
  readonly label: string;
  /** The plpgsql function an append calls, for its server-side time (pg_stat_user_functions). */
  readonly appendFunction: string;
  /** The pg pool the store appends through. */
  readonly pool: Pool;
  append(stream: string, event: NewEvent, eventsBefore: number): Promise<void>;
}

export interface AppendRun {
  writers: number;
  appends: number;
  seconds: number;
  /** Client-observed latency of each append call, in milliseconds (includes waiting for a pool connection). */
  latenciesMs: Float64Array;
}

export interface LatencySummary {
  appendsPerSecond: number;
  p50: number;
  p99: number;
  p999: number;
  mean: number;
}

const STEPS = ['plan', 'scaffold', 'build', 'test', 'package', 'deploy'];
const MISSIONS = new Map<number, string>();

export function streamName(index: number): string {
  return `mission-${index.toString().padStart(4, '0')}`;
}

function missionId(streamIndex: number): string {
  let id = MISSIONS.get(streamIndex);
  if (!id) {
    id = randomUUID();
    MISSIONS.set(streamIndex, id);
  }
  return id;
}

/** A realistic small mission event: about 300 bytes of data, integers only (the Black Box admits no floats). */
export function missionEvent(streamIndex: number, sequence: number): NewEvent {
  const eventId = randomUUID();
  const step = STEPS[sequence % STEPS.length];
  const mission = missionId(streamIndex);
  return {
    type: 'MissionStepCompleted',
    data: {
      missionId: mission,
      step,
      attempt: 1 + (sequence % 3),
      status: 'succeeded',
      durationMs: 1000 + ((streamIndex * 7919 + sequence * 104729) % 90000),
      artifact: {
        path: `artifacts/${step}/output.tar.gz`,
        sizeBytes: 10000 + ((streamIndex * 31 + sequence * 17) % 5000000),
        sha256: randomBytes(32).toString('hex'),
      },
      summary: `${step}: 214 modules, 128/128 tests passed`,
    },
    metadata: {
      eventId,
      occurredAt: new Date().toISOString(),
      actor: 'pipeline',
      correlationId: mission,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
}

/** Streams owned by one writer: every `writers`-th stream, so writers never share a stream. */
function ownedStreams(streams: number, writers: number, writer: number): number[] {
  const owned: number[] = [];
  for (let index = writer; index < streams; index += writers) owned.push(index);
  return owned;
}

/**
 * `appends` single-event appends spread over `writers` concurrent writers, each cycling over its own
 * streams with the exact expected revision. `counts[i]` is how many events stream i holds; it is updated.
 */
export async function runAppends(target: BenchTarget, counts: number[], writers: number, appends: number): Promise<AppendRun> {
  if (writers > counts.length) throw new Error(`${writers} writers need at least as many streams (have ${counts.length})`);
  const latenciesMs = new Float64Array(appends);
  let recorded = 0;
  const writer = async (index: number): Promise<void> => {
    const streams = ownedStreams(counts.length, writers, index);
    const share = Math.floor(appends / writers) + (index < appends % writers ? 1 : 0);
    for (let k = 0; k < share; k += 1) {
      const stream = streams[k % streams.length];
      const event = missionEvent(stream, counts[stream]);
      const started = process.hrtime.bigint();
      await target.append(streamName(stream), event, counts[stream]);
      latenciesMs[recorded] = Number(process.hrtime.bigint() - started) / 1e6;
      recorded += 1;
      counts[stream] += 1;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { writers, appends, seconds, latenciesMs };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summarize(run: AppendRun): LatencySummary {
  const sorted = Float64Array.from(run.latenciesMs).sort();
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    appendsPerSecond: run.appends / run.seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    mean: total / sorted.length,
  };
}

/** Seconds taken by `work`, best of `repeats` runs (for CPU-only measurements). */
export function bestOf(repeats: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < repeats; run += 1) {
    const started = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return best;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
