import type { ReleaseFiles } from './app-releases';

export type AppFileLookup = { kind: 'file'; path: string; sha256: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

/** Decoded path segments, or null when any is unusable: `..`, `.`, hidden, a slash or backslash or NUL smuggled in by encoding. */
function safeSegments(rawPath: string): string[] | null {
  const segments = rawPath.split('/').filter((segment, index, all) => segment !== '' || index === all.length - 1);
  const decoded: string[] = [];
  for (const segment of segments) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (text.startsWith('.') || /[/\\\0]/.test(text)) return null;
    decoded.push(text);
  }
  return decoded;
}

function isFolder(files: ReleaseFiles, path: string): boolean {
  const prefix = path === '' ? '' : `${path}/`;
  return Object.keys(files).some((name) => name.startsWith(prefix));
}

function fileAt(files: ReleaseFiles, path: string): string | null {
  return Object.hasOwn(files, path) ? files[path] : null;
}

/**
 * Which file of a release answers `rawPath` (the undecoded path after `/apps/<slug>/`). Only files the
 * release names: a folder answers with its index.html or not at all (no listings).
 */
export function findAppFile(files: ReleaseFiles, rawPath: string, requestPath: string): AppFileLookup {
  const segments = safeSegments(rawPath);
  if (segments === null) return { kind: 'missing' };
  const path = segments.filter(Boolean).join('/');
  const file = path === '' ? null : fileAt(files, path);
  if (file !== null) return { kind: 'file', path, sha256: file };
  if (!isFolder(files, path)) return { kind: 'missing' };
  if (!requestPath.endsWith('/')) return { kind: 'redirect', location: `${requestPath}/` };
  const index = path === '' ? 'index.html' : `${path}/index.html`;
  const indexFile = fileAt(files, index);
  return indexFile === null ? { kind: 'missing' } : { kind: 'file', path: index, sha256: indexFile };
}
