import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

export type AppFileLookup = { kind: 'file'; path: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

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

/**
 * Which file of a release answers `rawPath` (the undecoded path after `/apps/<slug>/`). Only regular
 * files inside the release: a folder answers with its index.html or not at all (no listings).
 */
export async function findAppFile(releaseFolder: string, rawPath: string, requestPath: string): Promise<AppFileLookup> {
  const segments = safeSegments(rawPath);
  if (segments === null) return { kind: 'missing' };
  const target = resolve(releaseFolder, ...segments.filter(Boolean));
  if (target !== releaseFolder && !target.startsWith(releaseFolder + sep)) return { kind: 'missing' };
  const found = await stat(target).catch(() => null);
  if (found?.isFile()) return { kind: 'file', path: target };
  if (!found?.isDirectory()) return { kind: 'missing' };
  if (!requestPath.endsWith('/')) return { kind: 'redirect', location: `${requestPath}/` };
  const index = join(target, 'index.html');
  return (await stat(index).catch(() => null))?.isFile() ? { kind: 'file', path: index } : { kind: 'missing' };
}
