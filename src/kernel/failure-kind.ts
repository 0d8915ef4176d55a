/**
 * Why a piece of work failed, as far as retrying it goes:
 * - `transient`: the surroundings (a database or a network that is down, a lock, a timeout): try again
 *   later, however often; the same work succeeds once they are back.
 * - `data`: the work itself cannot be done (PostgreSQL refuses the value, a constraint, a malformed
 *   shape): trying again with the same input fails again.
 * - `unknown`: neither is certain; a caller decides after how many failures in a row to give up.
 */
export type FailureKind = 'transient' | 'data' | 'unknown';

/** Node's and the drivers' codes for a connection that is gone, refused, full or slow. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EMFILE',
  'ENFILE',
  'ENOSPC',
  'EBUSY',
  'EAGAIN',
  'DATABASE_UNREACHABLE',
  'EVENT_STORE_UNAVAILABLE',
  'CHECKPOINT_MOVED',
]);

/**
 * SQLSTATE classes (the first two characters): 08 connection, 40 rollback (serialization, deadlock),
 * 53 insufficient resources, 55 object not in prerequisite state (a lock not available), 57 operator
 * intervention (shutdown, cancel), 58 system error.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '55', '57', '58']);
/** 22 data exception (e.g. "unsupported Unicode escape sequence", an invalid byte sequence), 23 integrity constraint. */
const DATA_SQLSTATE_CLASSES = new Set(['22', '23']);
/** A pg client or pool that lost its server throws plain errors without a code. */
const TRANSIENT_MESSAGE = /connection (terminated|refused|error|ended)|terminated unexpectedly|timeout exceeded|timed out|after calling end|not queryable/i;
const SQLSTATE = /^[0-9A-Z]{5}$/;

export function failureKind(error: unknown): FailureKind {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_CODES.has(code)) return 'transient';
    if (SQLSTATE.test(code)) {
      const sqlClass = code.slice(0, 2);
      if (TRANSIENT_SQLSTATE_CLASSES.has(sqlClass)) return 'transient';
      if (DATA_SQLSTATE_CLASSES.has(sqlClass)) return 'data';
    }
  }
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || TRANSIENT_MESSAGE.test(error.message)) return 'transient';
  if (error.cause !== undefined) {
    const cause = failureKind(error.cause);
    if (cause !== 'unknown') return cause;
  }
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 'data';
  return 'unknown';
}
