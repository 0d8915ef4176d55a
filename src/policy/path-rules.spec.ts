import { join } from 'node:path';
import type { Manifest } from '../missions/domain/manifest';
import { YamlPolicyGate } from './policy-gate';
import { loadPolicyFile } from './policy-loader';

const gate = new YamlPolicyGate(loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml')));

function manifestOf(...paths: string[]): Manifest {
  return {
    projectName: 'demo',
    stack: 'node',
    auditCommand: 'node --test',
    runCommand: 'node server.js',
    files: paths.map((path) => ({ path, content: '// ok\n' })),
  };
}

function rulesFor(...paths: string[]): Array<[string, string | null]> {
  return gate.check(manifestOf(...paths)).violations.map((violation) => [violation.rule, violation.file]);
}

describe('file paths', () => {
  describe('file_path', () => {
    it.each([
      ['/etc/passwd', 'is absolute (paths are relative to the project)'],
      ['../outside.js', 'has a .. segment, which leaves the project'],
      ['src/../../x.js', 'has a .. segment, which leaves the project'],
      ['src\\app.js', 'contains a backslash (use / as the separator)'],
      ['a\u0000.js', 'contains a NUL character'],
      ['a\n.js', 'contains a control character'],
      ['C:/app.js', 'starts with a drive letter'],
      ['c:app.js', 'starts with a drive letter'],
      ['src//app.js', 'has an empty segment (// or a trailing /)'],
      ['src/', 'has an empty segment (// or a trailing /)'],
      ['./app.js', 'has a . segment (write the path without it)'],
      ['', 'is empty'],
      ['a'.repeat(201), 'is 201 bytes long (at most 200)'],
    ])('blocks %j', (path, problem) => {
      expect(gate.check(manifestOf(path)).violations).toContainEqual({
        rule: 'file_path',
        file: path,
        line: null,
        detail: `path ${JSON.stringify(path)} ${problem}`,
      });
    });

    it.each(['public/index.html', 'src/my-file.test.js', '.gitignore', 'docs/a..b.md', 'é/ü.js', 'a'.repeat(200)])('allows %j', (path) => {
      expect(rulesFor(path)).toEqual([]);
    });
  });

  describe('forbidden_path', () => {
    it.each([
      '.git/config',
      'src/.git/hooks/pre-commit',
      '.GIT/HEAD',
      'node_modules/x/index.js',
      'packages/a/node_modules/b.js',
      '.github/workflows/ci.yml',
      '.npmrc',
      'app/.npmrc',
      '.husky/pre-commit',
      'binding.gyp',
      'public/design-reference.png',
    ])('blocks %j', (path) => {
      expect(rulesFor(path)).toEqual([['forbidden_path', path]]);
    });

    it.each([
      '.gitignore',
      '.gitattributes',
      '.github/ISSUE_TEMPLATE.md',
      'src/git/index.js',
      'docs/node_modules.md',
      'my_node_modules/x.js',
      'public/design.png',
    ])('allows %j', (path) => {
      expect(rulesFor(path)).toEqual([]);
    });
  });

  describe('duplicate_path', () => {
    it('blocks a path given twice, once', () => {
      expect(rulesFor('a.js', 'b.js', 'a.js', 'a.js')).toEqual([['duplicate_path', 'a.js']]);
    });
    it('allows distinct paths', () => expect(rulesFor('a.js', 'A/a.js', 'b/a.js')).toEqual([]));
  });

  describe('path_conflict', () => {
    it('blocks a file that is also a folder, and paths that differ only in case', () => {
      expect(gate.check(manifestOf('lib', 'lib/a.js', 'App.js', 'app.js')).violations).toEqual([
        { rule: 'path_conflict', file: 'app.js', line: null, detail: 'differs from "App.js" only in letter case' },
        { rule: 'path_conflict', file: 'lib/a.js', line: null, detail: '"lib" is both a file and this file\'s folder' },
      ]);
    });
    it('allows a file beside a folder of a similar name', () => expect(rulesFor('app.js', 'app/index.js', 'lib.js', 'lib/a.js')).toEqual([]));
  });
});
