import canonicalizeRfc8785 from 'canonicalize';
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

/** RFC 8785 (JCS) canonical JSON text. */
export function canonicalJson(value: JsonValue): string {
  assertCanonicalizable(value);
  const text = canonicalizeRfc8785(value);
  if (text === undefined) throw new NonCanonicalValueError('value has no JSON form');
  return text;
}
