/** What the security suites expect, typed: expected objects that hold Jest's matchers, and values that must be there. */

/**
 * An expected object for toMatchObject/toEqual. Its values may be Jest's asymmetric matchers (expect.any(String), ...),
 * which @types/jest types `any`; passed as this type argument they are `unknown` values, not unsafe assignments.
 */
export type Expected = Record<string, unknown>;
