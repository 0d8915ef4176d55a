import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PublishedFile } from '../../missions/ports/publisher.port';
import { git } from './git-command';
import { GitObjectWriter, treeContent, type TreeEntry } from './git-object-writer';

const NO_COMMIT = '0'.repeat(40);

/** A folder of a tree being written: a file's blob id, or a sub-folder. */
type TreeNode = Map<string, string | TreeNode>;
export const DEFAULT_BRANCH = 'main';

/** A bare git repository on disk, written with plumbing commands only: no work tree, no checkout, no hooks. */
export class LocalRepository {
  private readonly objects: GitObjectWriter;

  constructor(readonly path: string) {
    this.objects = new GitObjectWriter(path);
  }

  /** Creates the repository with an initial commit on `main`, atomically (built aside, then renamed into place). */
  async ensure(): Promise<void> {
    if (existsSync(join(this.path, 'HEAD'))) return;
    await mkdir(dirname(this.path), { recursive: true });
    const building = `${this.path}.${randomBytes(4).toString('hex')}.init`;
    await git(building, ['init', '--quiet', '--bare', `--initial-branch=${DEFAULT_BRANCH}`]);
    const emptyTree = (await git(building, ['mktree'])).stdout.trim();
    const initial = await this.commitIn(building, emptyTree, [], 'Initial commit\n');
    await git(building, ['update-ref', `refs/heads/${DEFAULT_BRANCH}`, initial, NO_COMMIT]);
    await rename(building, this.path).catch(async (error: unknown) => {
      await rm(building, { recursive: true, force: true });
      if (!existsSync(join(this.path, 'HEAD'))) throw error;
    });
  }

  async head(branch: string): Promise<string | null> {
    const { stdout, exitCode } = await git(this.path, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { allowExit: [1] });
    return exitCode === 0 ? stdout.trim() : null;
  }

  async message(commit: string): Promise<string> {
    return (await git(this.path, ['cat-file', 'commit', commit])).stdout.split('\n\n').slice(1).join('\n\n');
  }

  /**
   * A tree of exactly these files, its objects written straight into the repository (GitObjectWriter): no
   * index file, so no scratch directory that a process killed mid-publish would leave behind, and no fork per file.
   */
  async tree(files: PublishedFile[]): Promise<string> {
    const root: TreeNode = new Map();
    for (const file of files) {
      const blob = await this.objects.write('blob', file.content);
      const parts = file.path.split('/');
      let folder = root;
      for (const part of parts.slice(0, -1)) {
        const existing = folder.get(part);
        const next: TreeNode = existing instanceof Map ? existing : new Map<string, string | TreeNode>();
        folder.set(part, next);
        folder = next;
      }
      folder.set(parts[parts.length - 1], blob);
    }
    return this.writeTree(root);
  }

  /** One tree object per folder, children first. */
  private async writeTree(folder: TreeNode): Promise<string> {
    const entries: TreeEntry[] = [];
    for (const [name, child] of folder) {
      entries.push(typeof child === 'string' ? { name, id: child } : { name, id: await this.writeTree(child), folder: true });
    }
    return this.objects.write('tree', treeContent(entries));
  }

  commit(tree: string, parents: string[], message: string): Promise<string> {
    return this.commitIn(this.path, tree, parents, message);
  }

  private async commitIn(repository: string, tree: string, parents: string[], message: string): Promise<string> {
    const parentArgs = parents.flatMap((parent) => ['-p', parent]);
    return (await git(repository, ['commit-tree', tree, ...parentArgs, '-F', '-'], { input: message })).stdout.trim();
  }

  /** Creates the branch only if it does not exist (the old value all zeros): never moves an existing ref. */
  async createBranch(branch: string, commit: string): Promise<boolean> {
    const { exitCode } = await git(this.path, ['update-ref', `refs/heads/${branch}`, commit, NO_COMMIT], { allowExit: [128] });
    return exitCode === 0;
  }

  /** Moves the branch to `commit` only if it still points at `from` (null: only if it does not exist yet). */
  async moveBranch(branch: string, commit: string, from: string | null): Promise<boolean> {
    const { exitCode } = await git(this.path, ['update-ref', `refs/heads/${branch}`, commit, from ?? NO_COMMIT], { allowExit: [128] });
    return exitCode === 0;
  }

  async diff(base: string, head: string): Promise<string> {
    return (await git(this.path, ['diff', '--no-color', '--no-ext-diff', `refs/heads/${base}`, `refs/heads/${head}`])).stdout;
  }
}
