/**
 * What `bench/api.bench.ts` (the parent: load generator and report) and `bench/api-server.ts` (the child:
 * Gantry's HTTP server) say to each other over the fork IPC channel, and the percentile helper both use.
 */

/** Sorted-sample summary, in milliseconds. */
export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(samples: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1), mean: sorted.length ? total / sorted.length : Number.NaN };
}

/** The server process so far: CPU time (user + system) and its event loop's active and idle time, in milliseconds. */
export interface CpuSample {
  cpuMs: number;
  loopActiveMs: number;
  loopIdleMs: number;
}

export interface LagOptions {
  /** Missions opened per second, on a fixed schedule (open loop: a slow append does not delay the next one). */
  ratePerSecond: number;
  seconds: number;
  /** How often the observer polls mission_summary. */
  pollMs: number;
  /** After the last append, how long to wait for stragglers before counting them as missed. */
  settleMs: number;
}

export interface LagFigures {
  opened: number;
  /** Appends that failed (each one is a mission that never counts). */
  failed: number;
  /** Achieved rate: opened / time from the first to the last append. */
  ratePerSecond: number;
  /** `store.append` call, start to resolve. */
  append: Distribution;
  /** Append resolved -> an independent connection polling mission_summary sees last_revision. */
  polled: Distribution;
  /** Append resolved -> `ProjectionRunner.waitForRevision` resolves (woken by the runner's own commit signal). */
  waited: Distribution;
  /** Missions the poller never saw within settleMs. */
  missed: number;
}

export interface ProfileOptions {
  ids: string[];
  samples: number;
}

/** Wall-clock latency of sequential calls, and the server process's CPU time per call (both in ms). */
export interface Timed extends Distribution {
  cpuMsPerCall: number;
}

/** Sequential, in-process timings of the pieces under each endpoint (no HTTP). */
export interface ProfileFigures {
  statusView: Timed;
  summaryQueryTypeorm: Timed;
  summaryQueryPg: Timed;
  healthReport: Timed;
  selectOne: Timed;
  /** `ApiTokenStore.caller(token)`: the door's lookup, once per request that sends a bearer token. */
  tokenCaller: Timed;
}

export interface Calls {
  cpu: { args: null; result: CpuSample };
  lag: { args: LagOptions; result: LagFigures };
  profile: { args: ProfileOptions; result: ProfileFigures };
  stop: { args: null; result: null };
}

export type CallName = keyof Calls;

export interface CallMessage<K extends CallName = CallName> {
  kind: 'call';
  id: number;
  name: K;
  args: Calls[K]['args'];
}

export type ChildMessage =
  /** `token`: an API token for the admin, for the parent's requests (every /gantry route needs a caller). */
  | { kind: 'ready'; port: number; token: string }
  | { kind: 'boot-failed'; message: string }
  | { kind: 'reply'; id: number; result: Calls[CallName]['result'] }
  | { kind: 'failed'; id: number; message: string };
