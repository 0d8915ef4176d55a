import { DomainError } from '../domain-error';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class NonCanonicalValueError extends DomainError {
  readonly code = 'NON_CANONICAL_VALUE';
  readonly kind = 'bad_input';
}

/**
 * Event data must survive a round trip through any JSON parser byte for byte, so the Black Box admits
 * only integers within 2^53 (no floats, bigints, NaN or undefined): amounts and sizes are integers,
 * everything else is a string.
 */
export function assertCanonicalizable(value: unknown, path = '$'): asserts value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new NonCanonicalValueError(`${path}: ${value} is not an integer within 2^53; send it as a string`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertCanonicalizable(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertCanonicalizable(item, `${path}.${key}`);
    return;
  }
  throw new NonCanonicalValueError(`${path}: ${typeof value} cannot be stored in the Black Box`);
}

/** Thrown inside `write` on the first value that has no canonical form; the caller then names it with its path. */
class NotCanonicalizable extends Error {}
const NOT_CANONICALIZABLE = new NotCanonicalizable();

/**
 * One walk that checks and writes: object keys sorted by UTF-16 code unit (Array.prototype.sort's own
 * order), strings as JSON.stringify writes them (RFC 8785's rule), integers as decimal digits.
 */
function write(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw NOT_CANONICALIZABLE;
    return String(value);
  }
  if (value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += (index === 0 ? '' : ',') + write(value[index]);
    return `${text}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    let text = '{';
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index];
      text += `${index === 0 ? '' : ','}${JSON.stringify(key)}:${write(object[key])}`;
    }
    return `${text}}`;
  }
  throw NOT_CANONICALIZABLE;
}

/** Keys V8 would enumerate before all others (array indexes), and the one a plain assignment cannot create. */
const REORDERED_KEY = /^(?:0|[1-9]\d*)$|^__proto__$/;

/**
 * A copy with every object's keys inserted in sorted order, so that the engine's own JSON.stringify writes
 * the canonical text; null when a key would not keep its place (then `write` does it the slow way).
 */
function sortedCopy(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw NOT_CANONICALIZABLE;
    return value;
  }
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const object = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object).sort()) {
      if (REORDERED_KEY.test(key)) throw KEY_OUT_OF_PLACE;
      copy[key] = sortedCopy(object[key]);
    }
    return copy;
  }
  throw NOT_CANONICALIZABLE;
}

class KeyOutOfPlace extends Error {}
const KEY_OUT_OF_PLACE = new KeyOutOfPlace();

/** RFC 8785 (JCS) canonical JSON text of a Black Box value; refuses anything else, naming where it is. */
export function canonicalJson(value: JsonValue): string {
  try {
    try {
      return JSON.stringify(sortedCopy(value));
    } catch (error) {
      if (!(error instanceof KeyOutOfPlace)) throw error;
      return write(value);
    }
  } catch (error) {
    if (!(error instanceof NotCanonicalizable)) throw error;
    assertCanonicalizable(value);
    throw new NonCanonicalValueError('value has no canonical JSON form');
  }
}
