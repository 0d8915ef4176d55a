/** How a call to another service is retried: `tries` in all, waits growing as base × 2^(retry − 1), capped, with full jitter. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** The ceiling of the first wait; doubled before each further one. */
  baseDelayMs: number;
  /** The highest ceiling a wait may have. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Runs `call` until it succeeds, `retryable` says no, the tries run out or `signal` aborts, and throws the
 * last error. The one retry loop of the code base: the model adapters, the deployers and publishers use it.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= policy.tries || signal?.aborted || !retryable(error)) throw error;
      await pause(backoffDelay(policy, attempt), signal);
    }
  }
}

/** Full jitter (a random wait up to the capped exponential ceiling): retries from many callers spread out. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs ?? Number.POSITIVE_INFINITY, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(Math.random() * ceiling);
}

/** Waits, or stops waiting as soon as the signal aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
