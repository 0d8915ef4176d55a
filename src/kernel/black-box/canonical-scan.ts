/**
 * A one-pass check that stored envelope bytes are already RFC 8785 canonical, without parsing them into
 * objects or serialising them again. It answers only when it is sure: `null` means "not proven", and the
 * caller then decides the slow way (parse, re-canonicalise, compare). So a text it accepts is canonical,
 * while a canonical text it does not understand (a `\u` escape, an escaped object key) merely costs time.
 *
 * Canonical here is what `canonicalJson` writes for a Black Box value: no whitespace, object keys strictly
 * ascending by UTF-16 code unit (so no duplicates), strings with only JSON.stringify's escapes, numbers
 * only as safe integers without sign of zero, leading zeros, fraction or exponent.
 *
 * The first text of each shape (its keys and nesting) is walked token by token; the walk also writes a
 * regex of that shape (literal keys in their proven order, a canonical-scalar pattern per value), so the
 * events after it, which mostly share a few shapes, are proven by one native match.
 */

/** The envelope fields a chain check needs, read straight from canonical bytes. */
export interface EnvelopeLinks {
  stream: string;
  revision: number;
  prevHash: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length;
/** Deeper documents are left to the slow check. */
const MAX_DEPTH = 64;

/** What the scan expects next (plain numbers: this loop runs once per token of every event verified). */
const EXPECT_VALUE = 0;
const EXPECT_KEY = 1;
const EXPECT_AFTER_VALUE = 2;
/** Which top-level key the value being read belongs to. */
const OTHER_KEY = 0;
const STREAM_KEY = 1;
const REVISION_KEY = 2;
const PREV_HASH_KEY = 3;

/** JSON.stringify's short escapes: \" \\ \b \f \n \r \t. Any \u escape is left to the slow check. */
function isShortEscape(code: number): boolean {
  return code === QUOTE || code === BACKSLASH || code === 98 || code === 102 || code === 110 || code === 114 || code === 116;
}

/** Raw control characters (never raw in JSON text), anywhere in the text; lone surrogates are refused by `isWellFormed` first. */
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const NOT_PROVABLE_RAW = /[\u0000-\u001f]/;

/** The next backslash at or after the string being scanned (-1: none), so strings without one are skipped natively. */
let nextBackslash = -1;

/**
 * The index just past the string whose content starts at `at`, negated when the content holds an escape,
 * or NaN when the string is not proven canonical (a \u escape, no end). Raw characters were checked before.
 */
function stringEnd(text: string, at: number): number {
  const close = text.indexOf('"', at);
  if (close < 0) return Number.NaN;
  if (nextBackslash < 0 || nextBackslash > close) return close + 1;
  let index = at;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) break;
    if (code === BACKSLASH) {
      if (!isShortEscape(text.charCodeAt(index + 1))) return Number.NaN;
      index += 2;
    } else if (Number.isNaN(code)) return Number.NaN;
    else index += 1;
  }
  nextBackslash = text.indexOf('\\', index + 1);
  return -(index + 1);
}

/** The index just past a canonical safe integer starting at `at`, or NaN. */
function integerEnd(text: string, at: number): number {
  let index = at;
  if (text.charCodeAt(index) === MINUS) index += 1;
  const first = text.charCodeAt(index);
  if (first === ZERO) return index === at ? index + 1 : Number.NaN; // -0 is written 0, and 0 never leads
  if (!(first > ZERO && first <= NINE)) return Number.NaN;
  const start = index;
  let code = first;
  while (code >= ZERO && code <= NINE) {
    index += 1;
    code = text.charCodeAt(index);
  }
  if (index - start > MAX_SAFE_DIGITS) return Number.NaN;
  if (index - start === MAX_SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(at, index)))) return Number.NaN;
  return index;
}

function literalEnd(text: string, at: number): number {
  if (text.startsWith('true', at) || text.startsWith('null', at)) return at + 4;
  return text.startsWith('false', at) ? at + 5 : Number.NaN;
}

/** Whether key [start, end) sorts strictly after key [previousStart, previousEnd), by UTF-16 code unit. */
function ascends(text: string, previousStart: number, previousEnd: number, start: number, end: number): boolean {
  const shorter = Math.min(previousEnd - previousStart, end - start);
  for (let offset = 0; offset < shorter; offset += 1) {
    const difference = text.charCodeAt(start + offset) - text.charCodeAt(previousStart + offset);
    if (difference !== 0) return difference > 0;
  }
  return end - start > previousEnd - previousStart;
}

function topKey(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 6 && text.startsWith('stream', start)) return STREAM_KEY;
  if (length === 8 && text.startsWith('revision', start)) return REVISION_KEY;
  if (length === 8 && text.startsWith('prevHash', start)) return PREV_HASH_KEY;
  return OTHER_KEY;
}

/** Per nesting depth: 1 for an object, 2 for an array, and the span of the object's last key. */
const containers = new Int32Array(MAX_DEPTH + 1);
const lastKeyStart = new Int32Array(MAX_DEPTH + 1);
const lastKeyEnd = new Int32Array(MAX_DEPTH + 1);

/** Where a scalar value starting at `at` ends (negated for a string with escapes), or NaN. */
function scalarEnd(text: string, code: number, at: number): number {
  if (code === QUOTE) return stringEnd(text, at + 1);
  if (code === MINUS || (code >= ZERO && code <= NINE)) return integerEnd(text, at);
  return literalEnd(text, at);
}

/**
 * A canonical string: no raw control character, only JSON.stringify's short escapes. Surrogates are left
 * to `isWellFormed` (a paired one is written raw, a lone one never is), checked once per text before the
 * match or the walk: a class that excludes them costs every character a range test.
 */
const PLAIN = String.raw`[^"\\\u0000-\u001f]*`;
const STRING = String.raw`"${PLAIN}(?:\\["\\bfnrt]${PLAIN})*"`; // unrolled: the plain runs are greedy native loops
/** A canonical integer of at most 15 digits (always safe); longer ones are left to the walk. */
const INTEGER = String.raw`(?:0|-?[1-9]\d{0,14})`;
const LITERAL = '(?:true|false|null)';
const PLAIN_STRING_CAPTURE = `"(${PLAIN})"`;
/** Patterns of the three chain fields at the top level, captured in key order (by key: stream, revision, prevHash). */
const CHAIN_FIELD_PATTERN = ['', PLAIN_STRING_CAPTURE, `(${INTEGER})`, PLAIN_STRING_CAPTURE];

/** A value's pattern in its shape is typed by the value's first character: one alternative to try, not five. */
function scalarPattern(code: number): string {
  if (code === QUOTE) return STRING;
  return code === MINUS || (code >= ZERO && code <= NINE) ? INTEGER : LITERAL;
}

/** String.prototype.isWellFormed (ES2024, beyond the project's lib): false when the text holds a lone surrogate. */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

/**
 * The walk: one pass over the tokens, strings skipped natively. Pushes onto `shape` the pattern of the
 * text's skeleton (its keys, and a pattern per scalar), from which a one-regex check is built for texts
 * of the same shape.
 */
function walkEnvelope(text: string, shape: string[]): EnvelopeLinks | null {
  if (text.charCodeAt(0) !== OPEN_OBJECT || NOT_PROVABLE_RAW.test(text)) return null;
  nextBackslash = text.indexOf('\\');
  let stream: string | null = null;
  let revision = Number.NaN;
  let prevHash: string | null = null;
  shape.push('^\\{');
  let depth = 1;
  containers[1] = 1;
  lastKeyStart[1] = -1;
  let at = 1;
  let key: number = OTHER_KEY;
  let expect: number = text.charCodeAt(1) === CLOSE_OBJECT ? EXPECT_AFTER_VALUE : EXPECT_KEY;
  if (expect === EXPECT_AFTER_VALUE) {
    at = 2;
    shape.push('\\}');
  }
  while (depth > 0) {
    if (expect === EXPECT_KEY) {
      if (text.charCodeAt(at) !== QUOTE) return null;
      const end = stringEnd(text, at + 1);
      if (!(end > 0) || text.charCodeAt(end) !== COLON) return null; // an escaped key's order needs its unescaped text
      if (lastKeyStart[depth] >= 0 && !ascends(text, lastKeyStart[depth], lastKeyEnd[depth], at + 1, end - 1)) return null;
      lastKeyStart[depth] = at + 1;
      lastKeyEnd[depth] = end - 1;
      if (depth === 1) key = topKey(text, at + 1, end - 1);
      shape.push(`"${escapeRegExp(text.slice(at + 1, end - 1))}":`);
      at = end + 1;
      expect = EXPECT_VALUE;
    } else if (expect === EXPECT_VALUE) {
      const code = text.charCodeAt(at);
      if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
        if (depth === MAX_DEPTH) return null;
        depth += 1;
        shape.push(code === OPEN_OBJECT ? '\\{' : '\\[');
        containers[depth] = code === OPEN_OBJECT ? 1 : 2;
        lastKeyStart[depth] = -1;
        const close = code === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        at += 1;
        if (text.charCodeAt(at) === close) {
          shape.push(code === OPEN_OBJECT ? '\\}' : '\\]');
          depth -= 1;
          at += 1;
          expect = EXPECT_AFTER_VALUE;
        } else expect = code === OPEN_OBJECT ? EXPECT_KEY : EXPECT_VALUE;
      } else {
        const signed = scalarEnd(text, code, at);
        if (Number.isNaN(signed)) return null;
        const end = Math.abs(signed);
        shape.push(depth === 1 && key !== OTHER_KEY ? CHAIN_FIELD_PATTERN[key] : scalarPattern(code));
        if (depth === 1 && key !== OTHER_KEY) {
          if (signed < 0) return null;
          if (key === REVISION_KEY) revision = code === QUOTE ? Number.NaN : Number(text.slice(at, end));
          else if (code !== QUOTE) return null;
          else if (key === STREAM_KEY) stream = text.slice(at + 1, end - 1);
          else prevHash = text.slice(at + 1, end - 1);
        }
        at = end;
        expect = EXPECT_AFTER_VALUE;
      }
    } else {
      const code = text.charCodeAt(at);
      at += 1;
      if (code === COMMA) {
        expect = containers[depth] === 1 ? EXPECT_KEY : EXPECT_VALUE;
        shape.push(',');
      } else if (code === (containers[depth] === 1 ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        shape.push(code === CLOSE_OBJECT ? '\\}' : '\\]');
        depth -= 1;
      } else return null;
    }
  }
  if (at !== text.length || stream === null || prevHash === null || Number.isNaN(revision)) return null;
  shape.push('$');
  return { stream, revision, prevHash };
}

/** Shapes proven by a walk, most recently used first; a text of a known shape is proven by one regex match. */
const shapes: RegExp[] = [];
const MAX_SHAPES = 32;
const MAX_SHAPE_SOURCE = 8192;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The match of a known shape, moved to the front; keys are sorted, so the captures come as prevHash, revision, stream. */
function matchKnownShape(text: string): RegExpExecArray | null {
  for (let index = 0; index < shapes.length; index += 1) {
    const match = shapes[index].exec(text);
    if (match) {
      if (index > 0) shapes.unshift(...shapes.splice(index, 1));
      return match;
    }
  }
  return null;
}

/** The walk, its shape remembered when it proves the text. */
function walkAndRemember(text: string): EnvelopeLinks | null {
  const shape: string[] = [];
  const links = walkEnvelope(text, shape);
  if (!links) return null;
  const source = shape.join('');
  if (source.length <= MAX_SHAPE_SOURCE) {
    shapes.unshift(new RegExp(source));
    if (shapes.length > MAX_SHAPES) shapes.pop();
  }
  return links;
}

/**
 * The chain fields of an envelope whose bytes are proven canonical, or null when they are not proven
 * (not canonical, or canonical in a way this scan leaves to the slow check). A text shaped like one seen
 * before (same keys, same nesting, same kind of value in each place) is proven by one native regex match;
 * any other by the walk, whose shape is then remembered.
 */
export function provenCanonicalEnvelope(text: string): EnvelopeLinks | null {
  if (!isWellFormed.call(text)) return null;
  const known = matchKnownShape(text);
  if (known) return { prevHash: known[1], revision: Number(known[2]), stream: known[3] };
  return walkAndRemember(text);
}

/**
 * Whether the bytes are proven canonical and chained as given: sealed as `stream`@`revision` on `prevHash`.
 * The verifier's fast path: no object per event. False says only "not shown"; the caller then finds why.
 */
export function canonicalWithLinks(text: string, stream: string, revision: number, prevHash: string): boolean {
  if (!isWellFormed.call(text)) return false;
  const match = matchKnownShape(text);
  if (match) return match[1] === prevHash && match[3] === stream && Number(match[2]) === revision;
  const links = walkAndRemember(text);
  return links !== null && links.prevHash === prevHash && links.stream === stream && links.revision === revision;
}
