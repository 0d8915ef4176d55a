import { structuredPatch } from 'diff';
import type { ManifestFile } from '../../domain/manifest';

export type FileChange = 'added' | 'modified' | 'removed' | 'unchanged';

export interface FileComparison {
  path: string;
  change: FileChange;
}

export interface TreeDiff {
  /** A git-style unified diff (`diff --git`, `---`/`+++` with `/dev/null` for added and removed files), files by path. */
  text: string;
  files: FileComparison[];
}

function hunks(before: string, after: string): string[] {
  const patch = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 3 });
  // An empty side starts at the line before the hunk (`-0,0`), as diff(1) and git write it.
  const start = (line: number, count: number) => (count === 0 ? line - 1 : line);
  return patch.hunks.flatMap((hunk) => [
    `@@ -${start(hunk.oldStart, hunk.oldLines)},${hunk.oldLines} +${start(hunk.newStart, hunk.newLines)},${hunk.newLines} @@`,
    ...hunk.lines,
  ]);
}

function fileDiff(path: string, before: string | undefined, after: string | undefined): string[] {
  const header = [`diff --git a/${path} b/${path}`];
  if (before === undefined) header.push('new file mode 100644');
  if (after === undefined) header.push('deleted file mode 100644');
  header.push(before === undefined ? '--- /dev/null' : `--- a/${path}`, after === undefined ? '+++ /dev/null' : `+++ b/${path}`);
  return [...header, ...hunks(before ?? '', after ?? '')];
}

/** The unified diff from one set of files to another: what a version changed. */
export function diffTrees(before: readonly ManifestFile[], after: readonly ManifestFile[]): TreeDiff {
  const old = new Map(before.map((file) => [file.path, file.content]));
  const next = new Map(after.map((file) => [file.path, file.content]));
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  const lines: string[] = [];
  const files: FileComparison[] = [];
  for (const path of paths) {
    const [a, b] = [old.get(path), next.get(path)];
    const change: FileChange = a === undefined ? 'added' : b === undefined ? 'removed' : a === b ? 'unchanged' : 'modified';
    files.push({ path, change });
    if (change !== 'unchanged') lines.push(...fileDiff(path, a, b));
  }
  return { text: lines.length ? `${lines.join('\n')}\n` : '', files };
}
