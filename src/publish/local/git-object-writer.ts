import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { IDENTITY } from './git-command';

type ObjectType = 'blob' | 'tree' | 'commit';

const AUTHOR = `${IDENTITY.name} <${IDENTITY.email}>`;
/**
 * A ref lock older than this was left by a writer that died between taking it and renaming it (a SIGKILL):
 * a live writer holds it for a few milliseconds. Without reclaiming it, no later commit could move the ref.
 */
export const STALE_LOCK_MS = 30_000;

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

async function isStale(lock: string): Promise<boolean> {
  const taken = await stat(lock).catch(() => null);
  return taken !== null && Date.now() - taken.mtimeMs > STALE_LOCK_MS;
}

/** A tree entry: a regular file (mode 100644) by its blob's id, or a folder by its tree's id. */
export interface TreeEntry {
  name: string;
  id: string;
  folder?: boolean;
}

/** A folder sorts as if its name ended in "/", as git orders a tree's entries (bytewise). */
const sortName = (entry: TreeEntry): Buffer => Buffer.from(entry.folder ? `${entry.name}/` : entry.name);

/** A tree of files and folders, in git's order, as `git mktree` writes it. */
export function treeContent(entries: TreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortName(a), sortName(b)));
  return Buffer.concat(sorted.flatMap(({ name, id, folder }) => [Buffer.from(`${folder ? '40000' : '100644'} ${name}\0`), Buffer.from(id, 'hex')]));
}

/** A commit by Gantry at `when` (whole seconds, UTC), as `git commit-tree` writes one. */
export function commitContent(tree: string, parents: string[], message: string, when: Date): Buffer {
  const stamp = `${Math.floor(when.getTime() / 1000)} +0000`;
  const header = [`tree ${tree}`, ...parents.map((parent) => `parent ${parent}`), `author ${AUTHOR} ${stamp}`, `committer ${AUTHOR} ${stamp}`];
  return Buffer.from(`${header.join('\n')}\n\n${message}`, 'utf8');
}

/**
 * Writes objects and moves refs in a bare git repository (SHA-1) straight on disk, as git itself does,
 * without a child process: a loose object is its zlib-compressed `<type> <size>\0<content>`, named by its
 * SHA-1; a ref moves under git's own lock (`<ref>.lock`, created exclusively, renamed into place), so it is
 * safe beside git commands on the same repository. For a server that commits often (every checkpoint of
 * the log), forking git several times a second would block its event loop for each fork.
 */
export class GitObjectWriter {
  constructor(readonly gitDir: string) {}

  async write(type: ObjectType, content: Buffer): Promise<string> {
    const object = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
    const id = createHash('sha1').update(object).digest('hex');
    const file = join(this.gitDir, 'objects', id.slice(0, 2), id.slice(2));
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return id;
    await mkdir(dirname(file), { recursive: true });
    const scratch = join(dirname(file), `tmp_obj_${randomBytes(6).toString('hex')}`);
    await writeFile(scratch, deflateSync(object), { mode: 0o444 });
    await rename(scratch, file);
    return id;
  }

  /** The commit a ref (`refs/heads/<branch>`) points at, loose or packed; null when there is none. */
  async readRef(ref: string): Promise<string | null> {
    try {
      return (await readFile(join(this.gitDir, ref), 'utf8')).trim();
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
    const packed = await readFile(join(this.gitDir, 'packed-refs'), 'utf8').catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return '';
      throw error;
    });
    const line = packed.split('\n').find((candidate) => candidate.endsWith(` ${ref}`) && /^[0-9a-f]{40} /.test(candidate));
    return line ? line.slice(0, 40) : null;
  }

  /** Moves the ref to `to` only if it still points at `from` (null: only if it does not exist); false otherwise, or while another writer holds its lock. */
  async moveRef(ref: string, to: string, from: string | null): Promise<boolean> {
    const path = join(this.gitDir, ref);
    const lock = `${path}.lock`;
    await mkdir(dirname(path), { recursive: true });
    const handle = await this.takeLock(lock);
    if (!handle) return false;
    return this.moveLocked(ref, path, lock, handle, to, from);
  }

  private async takeLock(lock: string, reclaimed = false): Promise<FileHandle | null> {
    try {
      return await open(lock, 'wx');
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    if (reclaimed || !(await isStale(lock))) return null;
    await rm(lock, { force: true });
    return this.takeLock(lock, true);
  }

  private async moveLocked(ref: string, path: string, lock: string, taken: FileHandle, to: string, from: string | null): Promise<boolean> {
    let handle: FileHandle | null = taken;
    let moved = false;
    try {
      if ((await this.readRef(ref)) !== from) return false;
      await handle.writeFile(`${to}\n`);
      await handle.close();
      handle = null;
      await rename(lock, path);
      moved = true;
      return true;
    } finally {
      await handle?.close();
      if (!moved) await rm(lock, { force: true });
    }
  }
}
