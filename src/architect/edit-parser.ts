import type { FileEdit } from '../missions/domain/file-edits';
import type { Manifest } from '../missions/domain/manifest';
import { pathProblem } from '../missions/domain/path-rules';
import { findJsonObject } from '../llm/json-answer';
import type { LlmCompletion } from '../llm/llm.port';
import { parseManifestAnswer } from './manifest-parser';
import { MANIFEST_LIMITS, shownPath } from './manifest-validation';

export type ChangeAnswer = { kind: 'edits'; edits: FileEdit[] } | { kind: 'manifest'; manifest: Manifest } | { kind: 'rejected'; reason: string };

const MAX_REPLACEMENTS = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooBig(text: string): boolean {
  return text.length > MANIFEST_LIMITS.maxFileBytes || Buffer.byteLength(text, 'utf8') > MANIFEST_LIMITS.maxFileBytes;
}

function replacementsOf(value: unknown, path: string): Array<{ search: string; replace: string }> | string {
  if (!Array.isArray(value) || value.length === 0) return `the edit of ${shownPath(path)} has no replacements`;
  if (value.length > MAX_REPLACEMENTS) return `the edit of ${shownPath(path)} has ${value.length} replacements (at most ${MAX_REPLACEMENTS})`;
  const replacements = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.search !== 'string' || typeof item.replace !== 'string' || item.search === '') {
      return `a replacement in ${shownPath(path)} needs a non-empty search and a replace string`;
    }
    if (tooBig(item.search) || tooBig(item.replace)) return `a replacement in ${shownPath(path)} is larger than ${MANIFEST_LIMITS.maxFileBytes} bytes`;
    replacements.push({ search: item.search, replace: item.replace });
  }
  return replacements;
}

function editOf(value: unknown, index: number): FileEdit | string {
  if (!isRecord(value)) return `edits[${index}] is not an object`;
  const { action, path } = value;
  if (typeof path !== 'string') return `edits[${index}].path is missing or not a string`;
  const problem = pathProblem(path, MANIFEST_LIMITS.maxPathBytes);
  if (problem) return `edit path ${shownPath(path)} ${problem}`;
  if (action === 'delete') return { action, path };
  if (action === 'write') {
    if (typeof value.content !== 'string') return `the write of ${shownPath(path)} has no content string`;
    if (tooBig(value.content)) return `the write of ${shownPath(path)} is larger than ${MANIFEST_LIMITS.maxFileBytes} bytes`;
    return { action, path, content: value.content };
  }
  if (action === 'replace') {
    const replacements = replacementsOf(value.replacements, path);
    return typeof replacements === 'string' ? replacements : { action, path, replacements };
  }
  return `edits[${index}].action must be "write", "replace" or "delete"`;
}

/** Validates a list of per-file edits: known actions, safe paths, bounded sizes; the first problem refuses them all. */
export function validateEdits(value: unknown): FileEdit[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'edits is empty or not a list';
  if (value.length > MANIFEST_LIMITS.maxFiles) return `the answer has ${value.length} edits (at most ${MANIFEST_LIMITS.maxFiles})`;
  const edits: FileEdit[] = [];
  for (const [index, item] of value.entries()) {
    const edit = editOf(item, index);
    if (typeof edit === 'string') return edit;
    edits.push(edit);
  }
  return edits;
}

/**
 * The model's answer to a change: per-file edits (`{"edits": [...]}`), or a whole new manifest; anything
 * else is a reason a person can read.
 */
export function parseChangeAnswer(completion: Pick<LlmCompletion, 'text' | 'stopReason' | 'usage'>): ChangeAnswer {
  const found = findJsonObject(completion.text);
  if (found.ok && 'edits' in found.value) {
    const edits = validateEdits(found.value.edits);
    return typeof edits === 'string' ? { kind: 'rejected', reason: `the model's edits were refused: ${edits}` } : { kind: 'edits', edits };
  }
  const parsed = parseManifestAnswer(completion);
  return parsed.ok ? { kind: 'manifest', manifest: parsed.manifest } : { kind: 'rejected', reason: parsed.reason };
}
