import { canonicalJson, type JsonObject, type JsonValue } from './canonical-json';
import { provenCanonicalEnvelope } from './canonical-scan';

/** The slow, trusted judgement: parse, re-canonicalise, compare. */
function isCanonical(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text) as JsonValue) === text;
  } catch {
    return false;
  }
}

function envelope(data: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    stream: 'mission-1',
    revision: 7,
    type: 'Something',
    prevHash: 'ab'.repeat(32),
    data,
    metadata: { eventId: 'e', actor: 'test', schemaVersion: 1 },
    ...extra,
  };
}

/** A tiny deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const KEYS = ['a', 'b', 'B', 'é', '10', '9', '', 'a\nb', 'z"q', '\u00e9t\u00e9', '\ud83d\ude00', 'aa', 'a1'];
const STRINGS = ['x', '', 'line\nbreak', 'tab\there', 'quote"', 'back\\slash', '\u0001ctl', '\u2028', 'é', '\ud83d\ude00', '/'];

function value(next: () => number, depth: number): JsonValue {
  const pick = Math.floor(next() * (depth > 2 ? 4 : 6));
  if (pick === 0) return STRINGS[Math.floor(next() * STRINGS.length)];
  if (pick === 1) return [0, -1, 1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER][Math.floor(next() * 6)];
  if (pick === 2) return [true, false, null][Math.floor(next() * 3)];
  if (pick === 3) return 'plain';
  if (pick === 4) return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1));
  const object: JsonObject = {};
  for (let k = Math.floor(next() * 4); k > 0; k -= 1) object[KEYS[Math.floor(next() * KEYS.length)]] = value(next, depth + 1);
  return object;
}

const MUTATIONS: Array<(text: string, at: number) => string> = [
  (text, at) => `${text.slice(0, at)} ${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}${text.slice(at + 1)}`,
  (text, at) => `${text.slice(0, at)}${text[at + 1] ?? ''}${text[at]}${text.slice(at + 2)}`,
  (text, at) => `${text.slice(0, at)}\\u0041${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}.0${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}0${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}-${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}\\/${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}\n${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}\ud800${text.slice(at)}`,
];

describe('provenCanonicalEnvelope', () => {
  it('reads the chain links of canonical envelope bytes', () => {
    expect(provenCanonicalEnvelope(canonicalJson(envelope({ note: 'step 2', n: 3 })))).toEqual({
      stream: 'mission-1',
      revision: 7,
      prevHash: 'ab'.repeat(32),
    });
  });

  it.each([
    ['pretty-printed', (text: string) => JSON.stringify(JSON.parse(text), null, 1)],
    ['keys out of order', (text: string) => text.replace('{"actor":"test","eventId":"e"', '{"eventId":"e","actor":"test"')],
    ['a duplicated key', (text: string) => text.replace('{"actor":"test"', '{"actor":"test","actor":"test"')],
    ['a needless escape', (text: string) => text.replace('"test"', '"t\\u0065st"')],
    ['an escaped solidus', (text: string) => text.replace('"test"', '"te\\/st"')],
    ['a float form of an integer', (text: string) => text.replace('"revision":7', '"revision":7.0')],
    ['an exponent', (text: string) => text.replace('"revision":7', '"revision":7e0')],
    ['a leading zero', (text: string) => text.replace('"revision":7', '"revision":07')],
    ['minus zero', (text: string) => text.replace('"n":3', '"n":-0')],
    ['an unsafe integer', (text: string) => text.replace('"n":3', '"n":9007199254740993')],
    ['a raw control character', (text: string) => text.replace('step 2', 'step\t2')],
    ['a raw lone surrogate', (text: string) => text.replace('step 2', 'step \ud83d2')],
    ['a raw lone low surrogate', (text: string) => text.replace('step 2', 'step \ude002')],
    ['trailing bytes', (text: string) => `${text} `],
  ])('does not prove bytes with %s', (_name, mutate) => {
    const canonical = canonicalJson(envelope({ note: 'step 2', n: 3 }));
    const variant = mutate(canonical);
    expect(variant).not.toBe(canonical);
    expect(provenCanonicalEnvelope(variant)).toBeNull();
  });

  it('proves a text of a known shape whose strings hold raw paired surrogates (as JSON.stringify writes them)', () => {
    const plain = canonicalJson(envelope({ note: 'step 2', n: 3 }));
    const emoji = canonicalJson(envelope({ note: 'step \ud83d\ude00', n: 3 }));
    expect(provenCanonicalEnvelope(plain)).not.toBeNull();
    expect(provenCanonicalEnvelope(emoji)).toEqual({ stream: 'mission-1', revision: 7, prevHash: 'ab'.repeat(32) });
  });

  it('proves by the walk a text of a shape never seen whose strings hold raw paired surrogates', () => {
    const emoji = canonicalJson(envelope({ ['first seen ' + String(Date.now())]: 'party \ud83c\udf89', n: 3 }));
    expect(provenCanonicalEnvelope(emoji)).toEqual({ stream: 'mission-1', revision: 7, prevHash: 'ab'.repeat(32) });
  });

  it('never proves a text the slow check finds non-canonical, over random values and random edits', () => {
    let proven = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const next = random(seed);
      const canonical = canonicalJson(envelope({ v: value(next, 0), w: value(next, 0) }));
      const links = provenCanonicalEnvelope(canonical);
      if (links) {
        proven += 1;
        expect(links).toEqual({ stream: 'mission-1', revision: 7, prevHash: 'ab'.repeat(32) });
      }
      for (let edit = 0; edit < 20; edit += 1) {
        const mutate = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
        const variant = mutate(canonical, Math.floor(next() * canonical.length));
        if (provenCanonicalEnvelope(variant) !== null && !isCanonical(variant)) throw new Error(`seed ${seed}: proved ${variant}`);
      }
    }
    // Most generated envelopes need no \\u escape or escaped key, so the fast proof must cover them.
    expect(proven).toBeGreaterThan(200);
  });
});
