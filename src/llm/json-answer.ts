import { cleanText } from '../kernel/text/well-formed-text';

/**
 * Finds the JSON object in a model's answer. Models wrap JSON in ```json fences, put prose before or after
 * it, or run out of tokens in the middle of it; each case gets a result a person can read.
 */

export type JsonAnswer = { ok: true; value: Record<string, unknown> } | { ok: false; problem: 'no-json' | 'unclosed' | 'invalid'; detail: string };

const FENCE = /```[ \t]*(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g;
/** Candidates tried before giving up, so that text full of stray braces cannot make the scan quadratic. */
const MAX_CANDIDATES = 20;

export function findJsonObject(text: string): JsonAnswer {
  const fenced = fromFences(text);
  if (fenced) return fenced;
  return fromBraces(text);
}

function fromFences(text: string): JsonAnswer | null {
  let firstError: JsonAnswer | null = null;
  for (const [, body] of text.matchAll(FENCE)) {
    if (!body.trim().startsWith('{')) continue;
    const parsed = parseObject(body.trim());
    if (parsed.ok) return parsed;
    firstError ??= parsed;
  }
  return firstError;
}

function fromBraces(text: string): JsonAnswer {
  let start = text.indexOf('{');
  if (start < 0) return { ok: false, problem: 'no-json', detail: 'the answer contains no JSON object' };
  let firstError: JsonAnswer | null = null;
  for (let tried = 0; start >= 0 && tried < MAX_CANDIDATES; tried += 1) {
    const end = matchingBrace(text, start);
    if (end < 0) return firstError ?? { ok: false, problem: 'unclosed', detail: 'the answer ends before its JSON object is closed' };
    const parsed = parseObject(text.slice(start, end + 1));
    if (parsed.ok) return parsed;
    firstError ??= parsed;
    start = text.indexOf('{', start + 1);
  }
  return firstError ?? { ok: false, problem: 'no-json', detail: 'the answer contains no JSON object' };
}

/** The index of the brace closing the one at `start`, skipping braces inside strings; -1 if it never closes. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseObject(candidate: string): JsonAnswer {
  try {
    const value: unknown = JSON.parse(candidate);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, value: cleaned(value) as Record<string, unknown> };
    return { ok: false, problem: 'invalid', detail: 'the JSON is not an object' };
  } catch (error) {
    return { ok: false, problem: 'invalid', detail: `the JSON does not parse (${(error as Error).message.slice(0, 160)})` };
  }
}

/**
 * Every string of the answer as Gantry stores text: control characters (tab and newlines aside) removed,
 * lone surrogates replaced. Cleaned, not refused: a model's stray U+0000 in a feature is noise in data it
 * produced, not words a person said, and must neither fail a consultation nor reach an event raw.
 */
function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleaned);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanText(key), cleaned(item)]));
  return value;
}

/** Stop reasons meaning the model ran out of output tokens (Bedrock `max_tokens`, OpenAI `length`). */
export function wasCutOff(stopReason: string | null): boolean {
  return stopReason === 'max_tokens' || stopReason === 'length';
}
