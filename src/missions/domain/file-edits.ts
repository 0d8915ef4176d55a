import type { Manifest, ManifestFile } from './manifest';

/**
 * A change to one file of the version being changed: write it whole (a new file or a new content), delete
 * it, or replace text in it (each `search` must occur exactly once, so an edit never lands in the wrong place).
 */
export type FileEdit =
  | { action: 'write'; path: string; content: string }
  | { action: 'delete'; path: string }
  | { action: 'replace'; path: string; replacements: Array<{ search: string; replace: string }> };

export type EditResult = { kind: 'manifest'; manifest: Manifest } | { kind: 'rejected'; reason: string };

function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) count += 1;
  return count;
}

function replaced(file: ManifestFile, replacements: Array<{ search: string; replace: string }>): ManifestFile | string {
  let content = file.content;
  for (const { search, replace } of replacements) {
    const found = search.length === 0 ? 0 : occurrences(content, search);
    if (found !== 1) return `the edit of ${file.path} looks for text that occurs ${found} times, not once: ${JSON.stringify(search.slice(0, 80))}`;
    content = content.replace(search, () => replace);
  }
  return { path: file.path, content };
}

/** The base manifest with the edits applied in order; the first edit that cannot apply rejects the whole answer. */
export function applyEdits(base: Manifest, edits: readonly FileEdit[]): EditResult {
  const files = new Map(base.files.map((file) => [file.path, file]));
  for (const edit of edits) {
    if (edit.action === 'write') {
      files.set(edit.path, { path: edit.path, content: edit.content });
      continue;
    }
    const file = files.get(edit.path);
    if (!file) return { kind: 'rejected', reason: `the edits ${edit.action} ${edit.path}, which the version does not have` };
    if (edit.action === 'delete') {
      files.delete(edit.path);
      continue;
    }
    const result = replaced(file, edit.replacements);
    if (typeof result === 'string') return { kind: 'rejected', reason: result };
    files.set(edit.path, result);
  }
  if (edits.length === 0) return { kind: 'rejected', reason: 'the answer changes no file' };
  return { kind: 'manifest', manifest: { ...base, files: [...files.values()] } };
}
