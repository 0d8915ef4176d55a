import { APIError } from 'openai';
import type { CallFailure } from '../retrying-call';
import { safeMessage } from '../safe-message';
import { isTransientNetworkError, isTransientStatus } from '../transient-errors';

/** OpenAI-compatible servers answer 429 when busy and 5xx when failing; a dropped connection is worth a retry too. */
export function classifyOpenAiError(error: unknown): CallFailure {
  if (error instanceof APIError) {
    const status = error.status;
    const retryable = status === undefined || isTransientStatus(status);
    const where = status === undefined ? 'connection error' : `HTTP ${status}${error.type ? ` ${error.type}` : ''}`;
    return { retryable, message: `${where}: ${safeMessage(error.message)}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { retryable: isTransientNetworkError(error), message: safeMessage(message) };
}
