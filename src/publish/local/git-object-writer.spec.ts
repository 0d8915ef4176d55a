import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitObjectWriter, STALE_LOCK_MS, commitContent, treeContent } from './git-object-writer';
import { LocalRepository } from './local-repository';

const REF = 'refs/heads/gantry-log';

async function freshRepository(): Promise<{ writer: GitObjectWriter; git: (...args: string[]) => string }> {
  const repository = new LocalRepository(join(mkdtempSync(join(tmpdir(), 'gantry-objects-')), 'log.git'));
  await repository.ensure();
  const git = (...args: string[]): string => execFileSync('git', ['--git-dir', repository.path, ...args], { encoding: 'utf8' });
  return { writer: new GitObjectWriter(repository.path), git };
}

describe('GitObjectWriter: commits written without a git process', () => {
  it('writes the objects git itself would write, which git reads back and fsck accepts', async () => {
    const { writer, git } = await freshRepository();
    const note = 'localhost/log\n42\nroot\n\n— sig\n';
    const blob = await writer.write('blob', Buffer.from(note));
    const scratch = join(mkdtempSync(join(tmpdir(), 'gantry-blob-')), 'note');
    writeFileSync(scratch, note);
    expect(blob).toBe(git('hash-object', scratch).trim());
    const tree = await writer.write('tree', treeContent([{ name: 'checkpoint', id: blob }]));
    const first = await writer.write('commit', commitContent(tree, [], 'First\n', new Date('2026-12-07T04:00:00Z')));
    const second = await writer.write('commit', commitContent(tree, [first], 'Second\n\nbody\n', new Date('2026-12-07T04:00:01Z')));
    expect(await writer.moveRef(REF, second, null)).toBe(true);
    expect(git('rev-list', 'gantry-log').trim().split('\n')).toEqual([second, first]);
    expect(git('show', 'gantry-log:checkpoint')).toBe(note);
    expect(git('log', '-1', '--format=%an <%ae> %ct%n%B', 'gantry-log')).toBe('Gantry <gantry@localhost> 1796616001\nSecond\n\nbody\n\n');
    expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
  });

  it('writes a tree of files in folders with the id git itself gives it (a folder sorts as its name and "/")', async () => {
    const { git } = await freshRepository();
    const gitDir = git('rev-parse', '--absolute-git-dir').trim();
    const files = ['a.b', 'a/x', 'a-c', 'b/c/d', 'a/y/z'].map((path) => ({ path, content: Buffer.from(`content of ${path}\n`) }));
    const ours = await new LocalRepository(gitDir).tree(files);
    const index = join(mkdtempSync(join(tmpdir(), 'gantry-index-')), 'index');
    const withIndex = (...args: string[]): string =>
      execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_INDEX_FILE: index } });
    for (const file of files) {
      const blob = execFileSync('git', ['--git-dir', gitDir, 'hash-object', '-w', '--stdin'], { input: file.content, encoding: 'utf8' }).trim();
      withIndex('update-index', '--add', '--cacheinfo', `100644,${blob},${file.path}`);
    }
    expect(ours).toBe(withIndex('write-tree').trim());
    expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
  });

  it('moves a ref only from the commit it was read at, and never while git holds its lock', async () => {
    const { writer, git } = await freshRepository();
    const tree = await writer.write('tree', treeContent([]));
    const one = await writer.write('commit', commitContent(tree, [], 'one\n', new Date()));
    const two = await writer.write('commit', commitContent(tree, [one], 'two\n', new Date()));
    expect(await writer.moveRef(REF, one, null)).toBe(true);
    expect(await writer.moveRef(REF, two, null)).toBe(false); // it exists already
    expect(await writer.readRef(REF)).toBe(one);
    writeFileSync(join(writer.gitDir, `${REF}.lock`), '');
    expect(await writer.moveRef(REF, two, one)).toBe(false); // another writer holds the lock
    expect(await writer.readRef(REF)).toBe(one);
    rmSync(join(writer.gitDir, `${REF}.lock`));
    expect(await writer.moveRef(REF, two, one)).toBe(true);
    expect(git('rev-parse', 'gantry-log').trim()).toBe(two);
  });

  it('reclaims a lock left by a writer that died holding it, but not a fresh one', async () => {
    const { writer, git } = await freshRepository();
    const tree = await writer.write('tree', treeContent([]));
    const one = await writer.write('commit', commitContent(tree, [], 'one\n', new Date()));
    expect(await writer.moveRef(REF, one, null)).toBe(true);
    const two = await writer.write('commit', commitContent(tree, [one], 'two\n', new Date()));
    const lock = join(writer.gitDir, `${REF}.lock`);
    writeFileSync(lock, '');
    const longAgo = new Date(Date.now() - STALE_LOCK_MS - 5_000);
    utimesSync(lock, longAgo, longAgo);
    expect(await writer.moveRef(REF, two, one)).toBe(true);
    expect(git('rev-parse', 'gantry-log').trim()).toBe(two);
    expect(existsSync(lock)).toBe(false);
  });

  it('reads a ref git has packed, and moves it from there', async () => {
    const { writer, git } = await freshRepository();
    const tree = await writer.write('tree', treeContent([]));
    const one = await writer.write('commit', commitContent(tree, [], 'one\n', new Date()));
    expect(await writer.moveRef(REF, one, null)).toBe(true);
    git('pack-refs', '--all');
    expect(await writer.readRef(REF)).toBe(one);
    expect(await writer.readRef('refs/heads/nothing')).toBeNull();
    const two = await writer.write('commit', commitContent(tree, [one], 'two\n', new Date()));
    expect(await writer.moveRef(REF, two, one)).toBe(true);
    expect(git('rev-parse', 'gantry-log').trim()).toBe(two);
  });
});
