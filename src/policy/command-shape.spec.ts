import { join } from 'node:path';
import { checkCommand, isSafeRelativePath, parseShape } from './command-shape';
import { YamlPolicyGate } from './policy-gate';
import { loadPolicyFile } from './policy-loader';
import type { CommandShape } from './policy';

const gate = new YamlPolicyGate(loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml')));
const shapes = gate.policy.commandShapes;

function check(command: string): string {
  const result = checkCommand(command, shapes, 200);
  return result.ok ? `ok: ${result.shape.text}` : result.problem;
}

describe('command_shape', () => {
  it.each([
    ['node --test', 'node --test'],
    ['node --test tests/', 'node --test <path>...'],
    ['node --test tests/a.test.js ./tests/b.test.mjs', 'node --test <path>...'],
    ['  node   --test  ', 'node --test'],
    ['node server.js', 'node <script>'],
    ['node ./src/server.mjs', 'node <script>'],
    ['npm test', 'npm test'],
    ['npm start', 'npm start'],
  ])('allows %j (%s)', (command, shape) => {
    expect(check(command)).toBe(`ok: ${shape}`);
  });

  it.each([
    ['node --test; curl x', '";" (a command separator)'],
    ['npm test && rm -rf .', '"&" (chains or backgrounds a command)'],
    ['node --test | tee log', '"|" (a pipe)'],
    ['node --test `id`', '"`" (command substitution)'],
    ['node --test $(ls)', '"$" (expansion or $( ) substitution)'],
    ['node app.js > out.txt', '">" (a redirection)'],
    ['node app.js\nid', '"\\n" (a line break, which starts another command)'],
    ['node -e "process.exit(0)"', '"\\"" (quoting)'],
    ['node --test tests/*.js', '"*" (a glob)'],
    ['node\ttest.js', '"\\t" (a tab; separate words with single spaces)'],
    ['node tést.js', 'U+00E9 (a character outside the allowed set)'],
  ])('refuses %j, naming what the shell would do with it', (command, named) => {
    expect(check(command)).toContain(`contains ${named}; allowed shapes: node --test | node --test <path>... | node <script> | npm test | npm start`);
  });

  it.each([
    'python -m pytest',
    'node -e 0',
    'node --require /tmp/x.js app.js',
    'node --require=x app.js',
    'node ../outside.js',
    'node /abs/app.js',
    'node app.py',
    'npm run test',
    'npm test -- --watch',
    'node --test -r x',
    'node --test tests/../..',
    'sh run.sh',
    'node',
  ])('refuses %j: another program, an option, or a path outside the project', (command) => {
    expect(check(command)).toMatch(/runs something else; allowed shapes: /);
  });

  it('refuses a command naming a prose file, which the content rules do not scan', () => {
    const result = checkCommand('node --test tests/ NOTES.TXT', shapes, 200, gate.policy.proseExtensions);
    expect(result).toEqual({ ok: false, problem: '"node --test tests/ NOTES.TXT" names NOTES.TXT, a prose file, which the content rules do not scan' });
    expect(checkCommand('node --test docs/', shapes, 200, gate.policy.proseExtensions).ok).toBe(true);
  });

  it('refuses an empty or overlong command', () => {
    expect(check('  ')).toMatch(/^is empty; allowed shapes/);
    expect(check(`node --test ${'a/'.repeat(100)}`)).toBe('is 212 characters long (at most 200)');
  });

  it('accepts only paths that stay in the project and cannot be read as options', () => {
    for (const path of ['tests', 'tests/', './tests/a.test.js', 'src/my-app@2/x+y.js', '.config/a.js']) expect(isSafeRelativePath(path)).toBe(true);
    for (const path of ['', '/', '-r', '--require=x', '../x', 'a/../b', 'a//b', '.', './', 'a/./b', '/etc/passwd', 'a=b'])
      expect(isSafeRelativePath(path)).toBe(false);
  });

  it('parses shapes from policy.yaml strictly', () => {
    const shape = parseShape('node --test <path>...', null) as CommandShape;
    expect(shape.tokens).toEqual([{ kind: 'literal', text: 'node' }, { kind: 'literal', text: '--test' }, { kind: 'paths' }]);
    expect(parseShape('node <file>', null)).toBe('uses an unknown placeholder "<file>" (known: <path>, <path>..., <script>)');
    expect(parseShape('node <path>... --x', null)).toBe('may use <path>... only as its last word');
    expect(parseShape('<script>', null)).toBe('must start with the program, not a placeholder');
    expect(parseShape('node  --test', null)).toBe('must be words separated by single spaces');
    expect(parseShape('node --test;', null)).toBe('has "--test;", which may contain only letters, digits and ._=@+/-');
  });
});
