import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { diffTrees } from './unified-diff';

const v1 = [
  { path: 'public/index.html', content: '<h1>Tasks</h1>\n<ul></ul>\n' },
  { path: 'src/app.js', content: 'a\nb\nc\nd\ne\nf\ng\nh\n' },
  { path: 'old.txt', content: 'gone\n' },
];
const v2 = [
  { path: 'public/index.html', content: '<h1>Tasks</h1>\n<input type="search">\n<ul></ul>\n' },
  { path: 'src/app.js', content: 'a\nb\nc\nd\ne\nf\ng\nh\n' },
  { path: 'src/theme.js', content: 'dark\n' },
];

function write(folder: string, files: typeof v1) {
  for (const file of files) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), file.content);
  }
}

describe('The unified diff between two versions', () => {
  it('names each file as added, modified, removed or unchanged, and shows only the changes', () => {
    const { text, files } = diffTrees(v1, v2);
    expect(files).toEqual([
      { path: 'old.txt', change: 'removed' },
      { path: 'public/index.html', change: 'modified' },
      { path: 'src/app.js', change: 'unchanged' },
      { path: 'src/theme.js', change: 'added' },
    ]);
    expect(text).toContain(
      'diff --git a/public/index.html b/public/index.html\n--- a/public/index.html\n+++ b/public/index.html\n@@ -1,2 +1,3 @@\n <h1>Tasks</h1>\n+<input type="search">\n <ul></ul>\n',
    );
    expect(text).toContain('--- /dev/null\n+++ b/src/theme.js\n@@ -0,0 +1,1 @@\n+dark\n');
    expect(text).not.toContain('src/app.js');
    expect(diffTrees(v1, v1).text).toBe('');
  });

  it('is a patch that git applies to the first version to give the second', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gantry-diff-'));
    try {
      write(folder, v1);
      writeFileSync(join(folder, 'change.patch'), diffTrees(v1, v2).text);
      execFileSync('git', ['apply', '--unsafe-paths', 'change.patch'], { cwd: folder });
      for (const file of v2) expect(readFileSync(join(folder, file.path), 'utf8')).toBe(file.content);
      expect(() => readFileSync(join(folder, 'old.txt'))).toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
