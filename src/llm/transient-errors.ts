/** Network failures worth another try: the connection dropped or was refused, or went quiet. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_NETWORK_CODES.has(code) || code.startsWith('ERR_HTTP2'))) return true;
  return error.name === 'TimeoutError' || (error.cause !== undefined && isTransientNetworkError(error.cause));
}

/** Throttling (429) and server errors (5xx) are transient; other client errors (400, 401, 403, 404) are not. */
export function isTransientStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500);
}
