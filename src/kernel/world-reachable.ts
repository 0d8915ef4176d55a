import { chmod, copyFile, cp, lstat, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const OTHERS_EXECUTE = 0o001;
const OTHERS_READ = 0o004;

/**
 * Whether any user can open `path` (read it, and run it if `executable`): every directory above it must be
 * searchable by others. A clone under /root (0700) is not, so a program there is out of reach of an
 * unprivileged user (the sandbox's, PostgreSQL's) even when the file itself is 0755.
 */
export async function isWorldReachable(path: string, executable: boolean): Promise<boolean> {
  const file = await stat(path).catch(() => null);
  if (!file) return false;
  const wanted = OTHERS_READ | (executable ? OTHERS_EXECUTE : 0);
  if ((file.mode & wanted) !== wanted) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const entry = await stat(dir).catch(() => null);
    if (!entry || (entry.mode & OTHERS_EXECUTE) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/**
 * As root: a copy of `source` (a file or a directory tree) at `<sharedRoot>/<name>`, owned by root and
 * readable by everyone, made once (a finished copy is reused; a half-made one is never seen, it is renamed
 * into place). `sharedRoot` is made 0755 if missing. Used for what an unprivileged user must run or read
 * when Gantry itself lives in a private directory.
 */
export async function worldReadableCopy(source: string, sharedRoot: string, name: string): Promise<string> {
  const target = join(sharedRoot, name);
  if (await stat(target).catch(() => null)) return target;
  await ownDirectory(sharedRoot, 0o755);
  const staging = join(sharedRoot, `.${basename(name)}.${process.pid}.partial`);
  await copyTree(source, staging);
  await rename(staging, target).catch(async (error: unknown) => {
    // Another process finished the same copy first: theirs is as good as ours.
    if (!(await stat(target).catch(() => null))) throw error;
  });
  return target;
}

async function copyTree(source: string, target: string): Promise<void> {
  const entry = await stat(source);
  if (!entry.isDirectory()) {
    await copyFile(source, target);
    await chmod(target, entry.mode & 0o111 ? 0o755 : 0o644);
    return;
  }
  await cp(source, target, { recursive: true, dereference: true });
  await chmodTree(target);
}

async function chmodTree(path: string): Promise<void> {
  const entry = await stat(path);
  if (!entry.isDirectory()) {
    await chmod(path, entry.mode & 0o111 ? 0o755 : 0o644);
    return;
  }
  await chmod(path, 0o755);
  for (const child of await readdir(path)) await chmodTree(join(path, child));
}

/**
 * Makes `path` (mode `mode`) or accepts it only as a real directory of this process's user: in a shared
 * place like /tmp another user could have made it first, and would then control what is put there.
 */
export async function ownDirectory(path: string, mode: number): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  const entry = await lstat(path);
  if (!entry.isDirectory() || entry.uid !== process.getuid?.()) {
    throw new Error(`${path} is not a directory of this user (uid ${String(process.getuid?.())}); remove it or choose another place`);
  }
  await chmod(path, mode);
}
