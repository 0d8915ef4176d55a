import { findJsonObject, wasCutOff } from '../llm/json-answer';
import type { LlmCompletion } from '../llm/llm.port';
import { validateManifest, type ManifestValidation } from './manifest-validation';

/**
 * Turns the architect model's answer into a valid manifest, or a reason that says what went wrong in words
 * a person can act on (recorded as the attempt's failure).
 */
export function parseManifestAnswer(completion: Pick<LlmCompletion, 'text' | 'stopReason' | 'usage'>): ManifestValidation {
  const found = findJsonObject(completion.text);
  if (found.ok) {
    const validated = validateManifest(unwrap(found.value));
    return validated.ok ? validated : { ok: false, reason: `the model's manifest was refused: ${validated.reason}` };
  }
  if (wasCutOff(completion.stopReason)) {
    return { ok: false, reason: `the model's answer was cut off at ${completion.usage.outputTokens} tokens, before its manifest was complete` };
  }
  if (found.problem === 'no-json') return { ok: false, reason: `the model answered without a JSON manifest (${preview(completion.text)})` };
  if (found.problem === 'unclosed') return { ok: false, reason: "the model's answer ends in the middle of its JSON manifest (truncated)" };
  return { ok: false, reason: `the model's manifest is not valid JSON: ${found.detail}` };
}

/** Some models answer `{"manifest": {...}}` although asked for the bare object. */
function unwrap(value: Record<string, unknown>): unknown {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'manifest' ? value.manifest : value;
}

function preview(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  if (line === '') return 'the answer was empty';
  return `it began: ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`;
}
