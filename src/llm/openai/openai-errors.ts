import { APIError } from 'openai';
import type { CallFailure } from '../retrying-call';
import { safeMessage } from '../safe-message';
import { isTransientNetworkError, isTransientStatus } from '../transient-errors';

/** OpenAI-compatible servers answer 429 when busy and 5xx when failing; a dropped connection is worth a retry too. */
export function classifyOpenAiError(error: unknown, env: NodeJS.ProcessEnv = process.env): CallFailure {
  if (error instanceof APIError) {
    const status = error.status;
    const retryable = status === undefined || isTransientStatus(status);
    const where = status === undefined ? 'connection error' : `HTTP ${status}${error.type ? ` ${error.type}` : ''}`;
    // The package prefixes its messages with the status, which `where` already says.
    const message = status === undefined ? error.message : error.message.replace(new RegExp(`^${status} `), '');
    return { retryable, message: `${where}: ${safeMessage(message, env)}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { retryable: isTransientNetworkError(error), message: safeMessage(message, env) };
}
