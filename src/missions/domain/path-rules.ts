/**
 * File paths: every path must be a plain relative POSIX path inside the project, in one canonical spelling,
 * so that the sandbox's tar, the evidence pack and the publisher's checkout all see the same tree.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a path is not a plain relative POSIX path, or null when it is one. */
export function pathProblem(path: string, maxPathBytes: number): string | null {
  if (path === '') return 'is empty';
  if (path.includes('\u0000')) return 'contains a NUL character';
  if (CONTROL.test(path)) return 'contains a control character';
  if (path.includes('\\')) return 'contains a backslash (use / as the separator)';
  if (path.startsWith('/')) return 'is absolute (paths are relative to the project)';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > maxPathBytes) return `is ${bytes} bytes long (at most ${maxPathBytes})`;
  const segments = path.split('/');
  if (segments.includes('..')) return 'has a .. segment, which leaves the project';
  if (segments.includes('.')) return 'has a . segment (write the path without it)';
  if (segments.includes('')) return 'has an empty segment (// or a trailing /)';
  return null;
}
