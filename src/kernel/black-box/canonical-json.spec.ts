import canonicalizeRfc8785 from 'canonicalize';
import { canonicalJson, NonCanonicalValueError, type JsonValue } from './canonical-json';

/** A tiny deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const KEYS = ['__proto__', 'a', 'b', 'B', 'é', '10', '9', '1', '', 'a\nb', 'z"q', '\u00e9t\u00e9', '\ud83d\ude00', '\uffff', 'aa', 'a1', '__proto__x'];
const STRINGS = ['x', '', 'line\nbreak', 'quote"', 'back\\slash', '\u0001ctl', '\u007f', '\u2028', '\ud83d\ude00', '\ud800', '/', '<script>'];
const NUMBERS = [0, -0, 1, -1, 42, 1e15, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

function value(next: () => number, depth: number): JsonValue {
  const pick = Math.floor(next() * (depth > 3 ? 3 : 5));
  if (pick === 0) return STRINGS[Math.floor(next() * STRINGS.length)];
  if (pick === 1) return NUMBERS[Math.floor(next() * NUMBERS.length)];
  if (pick === 2) return [true, false, null][Math.floor(next() * 3)];
  if (pick === 3) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, JsonValue> = {};
  for (let k = Math.floor(next() * 6); k > 0; k -= 1) {
    // defineProperty, as JSON.parse does: a plain assignment to __proto__ would set the prototype instead.
    Object.defineProperty(object, KEYS[Math.floor(next() * KEYS.length)], {
      value: value(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

describe('canonicalJson', () => {
  it('writes what the RFC 8785 reference implementation writes, over random values', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const input = value(random(seed), 0);
      expect([seed, canonicalJson(input)]).toEqual([seed, canonicalizeRfc8785(input)]);
    }
  });

  it.each([
    ['a float', { a: 1.5 }, '$.a'],
    ['an unsafe integer', { a: [1, 2 ** 60] }, '$.a[1]'],
    ['NaN', { nested: { n: Number.NaN } }, '$.nested.n'],
    ['undefined', { u: undefined }, '$.u'],
    ['a Date', { when: new Date(0) }, '$.when'],
  ])('refuses %s, naming where it is', (_name, input, path) => {
    expect(() => canonicalJson(input as unknown as JsonValue)).toThrow(NonCanonicalValueError);
    expect(() => canonicalJson(input as unknown as JsonValue)).toThrow(path);
  });
});
