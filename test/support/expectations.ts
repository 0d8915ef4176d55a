/** The value, or a clear failure naming what was missing: narrows where a non-null assertion would only assume. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found ${String(value)}`);
  return value;
}

type Matcher = jest.AsymmetricMatcher;
type Constructor = abstract new (...args: never[]) => unknown;

/**
 * Jest's asymmetric matchers, typed as what they are: @types/jest declares `expect.any()`, `expect.stringContaining()` and
 * the others as returning `any`, which the type-checked lint refuses inside the very objects they are made for. Same
 * matchers, same matching.
 */
export const match = {
  any: (type: Constructor): Matcher => expect.any(type) as Matcher,
  stringContaining: (text: string): Matcher => expect.stringContaining(text) as Matcher,
  stringMatching: (pattern: string | RegExp): Matcher => expect.stringMatching(pattern) as Matcher,
  objectContaining: (object: Record<string, unknown>): Matcher => expect.objectContaining(object) as Matcher,
  arrayContaining: (array: readonly unknown[]): Matcher => expect.arrayContaining(array) as Matcher,
};
