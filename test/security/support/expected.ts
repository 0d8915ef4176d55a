/** What the security suites expect, typed: expected objects that hold Jest's matchers, and values that must be there. */

/**
 * An expected object for toMatchObject/toEqual. Its values may be Jest's asymmetric matchers (expect.any(String), ...),
 * which @types/jest types `any`; passed as this type argument they are `unknown` values, not unsafe assignments.
 */
export type Expected = Record<string, unknown>;

/** The value, or a clear error saying what was missing (instead of a non-null assertion). */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found ${String(value)}`);
  return value;
}
