import { redactSecrets } from '../../kernel/redact';
import { PublishError } from '../../missions/ports/publisher.port';

/** What Octokit throws on an HTTP error: the status and the API's answer. */
export interface OctokitHttpError {
  status: number;
  message: string;
  response?: { data?: unknown };
}

export function isHttpError(error: unknown): error is OctokitHttpError {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

export function statusOf(error: unknown): number | null {
  return isHttpError(error) ? error.status : null;
}

/** The API's own words for a 422: its message and each error's message. */
export function validationText(error: unknown): string {
  const data = isHttpError(error) ? (error.response?.data as { message?: string; errors?: Array<{ message?: string; code?: string }> } | undefined) : undefined;
  return [data?.message, ...(data?.errors ?? []).map((entry) => entry.message ?? entry.code)].filter(Boolean).join('; ');
}

/** Network failures and 5xx are worth another try; 429 too. Anything else is an answer. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === null || status >= 500 || status === 429;
}

/** A safe, recordable reason: the status and the API's message, with any secret taken out. */
export function publishErrorFrom(error: unknown, doing: string): PublishError {
  if (error instanceof PublishError) return error;
  const status = statusOf(error);
  const detail = status === 422 ? validationText(error) || (error as Error).message : (error as Error).message;
  const hint = status === 401 ? ' (check GITHUB_TOKEN)' : status === 403 || status === 404 ? " (check GITHUB_OWNER and the token's permissions)" : '';
  return new PublishError(redactSecrets(`GitHub ${status ?? 'request'} while ${doing}: ${detail}${hint}`));
}
