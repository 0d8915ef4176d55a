import { withRetries, type RetryPolicy } from '../kernel/retry';
import { answerTooLargeIn } from './bounded-answer';
import { LlmCallFailedError } from './llm.port';

export type { RetryPolicy } from '../kernel/retry';

/** Model calls: four in all, waits up to 8 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { tries: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

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
  const once = async (): Promise<T> => {
    if (signal.aborted) throw stopped(options, deadline, calls);
    calls += 1;
    return options.attempt(signal);
  };
  try {
    // An answer refused for its size would be as large again: it is not retried.
    const retryable = (error: unknown) => !answerTooLargeIn(error) && options.classify(error).retryable;
    return { value: await withRetries(once, retryable, options.policy, signal), calls };
  } catch (error) {
    if (signal.aborted) throw stopped(options, deadline, calls);
    const tooLarge = answerTooLargeIn(error);
    if (tooLarge) throw new LlmCallFailedError(`${options.provider}: ${tooLarge.message}`, options.provider, calls, false, true);
    const failure = options.classify(error);
    const gaveUp = failure.retryable ? `; gave up after ${calls} calls` : '';
    throw new LlmCallFailedError(`${options.provider}: ${failure.message}${gaveUp}`, options.provider, calls, failure.retryable);
  }
}

function stopped<T>(options: RetryingCallOptions<T>, deadline: AbortSignal, calls: number): LlmCallFailedError {
  const why =
    deadline.aborted && !options.signal?.aborted
      ? `no answer within ${Math.round(options.timeoutMs / 1000)} s (the call timed out)`
      : 'the call was cancelled (the mission stopped or ran out of budget)';
  return new LlmCallFailedError(`${options.provider}: ${why}`, options.provider, calls, false);
}
