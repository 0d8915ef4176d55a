import { LlmCallFailedError } from './llm.port';

/** How an adapter retries a model call. Delays grow as base × 2^(retry), capped, with full jitter. */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** What an adapter makes of one failed call: whether another try may succeed, and a message safe to record. */
export interface CallFailure {
  retryable: boolean;
  message: string;
}

export interface RetryingCallOptions<T> {
  provider: string;
  policy: RetryPolicy;
  /** Bounds the whole call, retries and waits included. */
  timeoutMs: number;
  /** The caller's signal (the mission's budget, a server stop). */
  signal?: AbortSignal;
  attempt: (signal: AbortSignal) => Promise<T>;
  classify: (error: unknown) => CallFailure;
}

export interface RetriedResult<T> {
  value: T;
  calls: number;
}

/**
 * Runs a model call with retries on transient failures (throttling, 5xx, a model still loading), under one
 * deadline. Every call made is counted, also when the whole thing fails, so the budget sees each one.
 */
export async function retryingCall<T>(options: RetryingCallOptions<T>): Promise<RetriedResult<T>> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let calls = 0;
  for (;;) {
    if (signal.aborted) throw stopped(options, deadline, calls);
    calls += 1;
    try {
      return { value: await options.attempt(signal), calls };
    } catch (error) {
      if (signal.aborted) throw stopped(options, deadline, calls);
      const failure = options.classify(error);
      if (!failure.retryable || calls >= options.policy.maxAttempts) {
        const gaveUp = failure.retryable ? `; gave up after ${calls} calls` : '';
        throw new LlmCallFailedError(`${options.provider}: ${failure.message}${gaveUp}`, options.provider, calls, failure.retryable);
      }
      await pause(backoffDelay(options.policy, calls), signal);
    }
  }
}

/** Full jitter (a random wait up to the capped exponential delay): retries from many callers spread out. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(Math.random() * ceiling);
}

function stopped<T>(options: RetryingCallOptions<T>, deadline: AbortSignal, calls: number): LlmCallFailedError {
  const why = deadline.aborted && !options.signal?.aborted
    ? `no answer within ${Math.round(options.timeoutMs / 1000)} s (the call timed out)`
    : 'the call was cancelled (the mission stopped or ran out of budget)';
  return new LlmCallFailedError(`${options.provider}: ${why}`, options.provider, calls, false);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
