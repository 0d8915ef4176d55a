import { pathProblem } from '../missions/domain/path-rules';
import type { Manifest, ManifestFile } from '../missions/domain/manifest';

/**
 * Hard safety limits on what a model may hand over, checked before anything is recorded or written. They
 * are deliberately looser than policy.yaml's: a manifest within them is recorded, and the policy gate then
 * applies the stricter limits and BLOCKs with a rule and a file the user can read.
 */
export const MANIFEST_LIMITS = {
  maxFiles: 500,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
  maxPathBytes: 1024,
  maxProjectNameChars: 64,
  maxStackChars: 200,
  maxCommandChars: 1000,
} as const;

export type ManifestValidation = { ok: true; manifest: Manifest } | { ok: false; reason: string };

const PROJECT_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const SHOWN_PATH_CHARS = 80;

/** A path as it appears in a reason: quoted, and cut short when long. */
export function shownPath(path: string): string {
  return JSON.stringify(path.length > SHOWN_PATH_CHARS ? `${path.slice(0, SHOWN_PATH_CHARS)}…` : path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (reason: string): ManifestValidation => ({ ok: false, reason });

/**
 * Checks a parsed model answer strictly and returns a Manifest holding only the known fields, or the first
 * problem, naming the field or file. Counts and sizes are checked before any per-file work, so 10,000
 * files or a 50 MB file are refused at once.
 */
export function validateManifest(candidate: unknown): ManifestValidation {
  if (!isRecord(candidate)) return invalid('the manifest is not a JSON object');
  const scalarProblem =
    projectNameProblem(candidate.projectName) ??
    textProblem(candidate, 'stack', MANIFEST_LIMITS.maxStackChars) ??
    textProblem(candidate, 'auditCommand', MANIFEST_LIMITS.maxCommandChars) ??
    textProblem(candidate, 'runCommand', MANIFEST_LIMITS.maxCommandChars);
  if (scalarProblem) return invalid(scalarProblem);
  const files = validateFiles(candidate.files);
  if (typeof files === 'string') return invalid(files);
  return {
    ok: true,
    manifest: {
      projectName: candidate.projectName as string,
      stack: candidate.stack as string,
      files,
      auditCommand: candidate.auditCommand as string,
      runCommand: candidate.runCommand as string,
    },
  };
}

function projectNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'projectName is missing or not a string';
  if (name.length > MANIFEST_LIMITS.maxProjectNameChars)
    return `projectName is ${name.length} characters long (at most ${MANIFEST_LIMITS.maxProjectNameChars})`;
  if (!PROJECT_NAME.test(name)) return `projectName ${JSON.stringify(name)} must start with a letter and contain only letters, digits and dashes`;
  return null;
}

function textProblem(candidate: Record<string, unknown>, field: string, maxChars: number): string | null {
  const value = candidate[field];
  if (typeof value !== 'string' || value.trim() === '') return `${field} is missing or empty`;
  if (value.length > maxChars) return `${field} is ${value.length} characters long (at most ${maxChars})`;
  if (value.includes('\u0000')) return `${field} contains a NUL character`;
  return null;
}

function validateFiles(files: unknown): ManifestFile[] | string {
  if (!Array.isArray(files)) return 'files is missing or not a list';
  if (files.length === 0) return 'files is empty (a project needs at least one file)';
  if (files.length > MANIFEST_LIMITS.maxFiles) return `the manifest has ${files.length} files (at most ${MANIFEST_LIMITS.maxFiles})`;
  const seen = new Set<string>();
  const valid: ManifestFile[] = [];
  let totalBytes = 0;
  for (const [index, file] of files.entries()) {
    const checked = validateFile(file, index);
    if (typeof checked === 'string') return checked;
    if (seen.has(checked.file.path)) return `file ${shownPath(checked.file.path)} appears more than once`;
    seen.add(checked.file.path);
    totalBytes += checked.bytes;
    if (totalBytes > MANIFEST_LIMITS.maxTotalBytes)
      return `the files add up to more than ${MANIFEST_LIMITS.maxTotalBytes} bytes (reached at ${shownPath(checked.file.path)})`;
    valid.push(checked.file);
  }
  return valid;
}

function validateFile(file: unknown, index: number): { file: ManifestFile; bytes: number } | string {
  if (!isRecord(file)) return `files[${index}] is not an object with path and content`;
  const { path, content } = file;
  if (typeof path !== 'string') return `files[${index}].path is missing or not a string`;
  const problem = pathProblem(path, MANIFEST_LIMITS.maxPathBytes);
  if (problem) return `file path ${shownPath(path)} ${problem}`;
  if (typeof content !== 'string') return `file ${shownPath(path)} has no content string`;
  const bytes = utf8Bytes(content);
  if (bytes > MANIFEST_LIMITS.maxFileBytes) return `file ${shownPath(path)} is larger than ${MANIFEST_LIMITS.maxFileBytes} bytes`;
  return { file: { path, content }, bytes };
}

/** A string longer than the file limit in UTF-16 units is over it in bytes too: no need to count a 50 MB string. */
function utf8Bytes(content: string): number {
  return content.length > MANIFEST_LIMITS.maxFileBytes ? content.length : Buffer.byteLength(content, 'utf8');
}
