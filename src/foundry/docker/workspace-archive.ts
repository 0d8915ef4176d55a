import { posix } from 'node:path';
import { pack, type Pack } from 'tar-stream';
import { SANDBOX_GID, SANDBOX_UID } from '../sandbox-defaults';
import type { SandboxFile } from '../../missions/ports/sandbox.port';

const owner = { uid: SANDBOX_UID, gid: SANDBOX_GID, uname: 'sandbox', gname: 'sandbox' };

/** Refuses what the policy gate should already have refused: absolute paths and `..` escapes. */
export function checkedPath(path: string): string {
  const normal = posix.normalize(path);
  if (path === '' || posix.isAbsolute(path) || normal === '.' || normal === '..' || normal.startsWith('../')) {
    throw new Error(`Sandbox file path "${path}" is not a relative path inside the workspace`);
  }
  return normal;
}

/** Every directory the files need, parents first. */
export function directoriesOf(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) dirs.add(dir);
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

function addEntry(archive: Pack, name: string, content?: Buffer): Promise<void> {
  const header = content
    ? { ...owner, name, type: 'file' as const, mode: 0o644, size: content.length }
    : { ...owner, name, type: 'directory' as const, mode: 0o755 };
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (content) archive.entry(header, content, done);
    else archive.entry(header, done);
  });
}

function collect(archive: Pack): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    archive.on('data', (chunk: unknown) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    });
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
}

/**
 * The workspace as a tar for `putArchive`: every parent directory, then the files, all owned by 1000:1000.
 * (Docker skips a `.` entry when it extracts, so the working directory itself keeps the image's owner: the
 * image must have it owned by 1000, as scripts/build-sandbox-image.sh does.)
 */
export async function workspaceArchive(files: SandboxFile[]): Promise<Buffer> {
  const entries = files.map((file) => ({ name: checkedPath(file.path), content: Buffer.from(file.content) }));
  const archive = pack();
  const done = collect(archive);
  for (const dir of directoriesOf(entries.map((entry) => entry.name))) await addEntry(archive, `${dir}/`);
  for (const entry of entries) await addEntry(archive, entry.name, entry.content);
  archive.finalize();
  return done;
}
