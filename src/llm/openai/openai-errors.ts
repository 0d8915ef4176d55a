import { APIError } from 'openai';
import { errorMessage } from '../../kernel/error-message';
import type { CallFailure } from '../retrying-call';
import { safeMessage } from '../safe-message';
import { isTransientNetworkError, isTransientStatus } from '../transient-errors';

/** OpenAI-compatible servers answer 429 when busy and 5xx when failing; a dropped connection is worth a retry too. */
/** `instanceof` alone narrows to `APIError<any, any, any>`; this keeps the declared types (status: number | undefined). */
function isApiError(error: unknown): error is APIError {
  return error instanceof APIError;
}

export function classifyOpenAiError(error: unknown, env: NodeJS.ProcessEnv = process.env): CallFailure {
  if (isApiError(error)) {
    const status = error.status;
    const retryable = status === undefined || isTransientStatus(status);
    const where = status === undefined ? 'connection error' : `HTTP ${status}${error.type ? ` ${error.type}` : ''}`;
    // The package prefixes its messages with the status, which `where` already says.
    const message = status === undefined ? error.message : error.message.replace(new RegExp(`^${status} `), '');
    return { retryable, message: `${where}: ${safeMessage(message, env)}` };
  }
  return { retryable: isTransientNetworkError(error), message: safeMessage(errorMessage(error), env) };
}
