export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** The wait before the second try; doubled before each further one. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, baseDelayMs: 500 };

/** Runs `call` until it succeeds, `retryable` says no, or the tries run out; waits with exponential backoff in between. */
export async function withRetries<T>(call: () => Promise<T>, retryable: (error: unknown) => boolean, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.tries || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
