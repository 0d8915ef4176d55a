import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BwrapSandbox } from '../../src/foundry/bwrap/bwrap-sandbox';
import { SandboxPathError } from '../../src/foundry/bwrap/bwrap-paths';
import type { SandboxFile, SandboxJob, SandboxResult } from '../../src/missions/ports/sandbox.port';
import { processesMentioning } from '../../src/foundry/bwrap/bwrap-reaper';
import { match } from '../support/expectations';

/** Against the real /usr/bin/bwrap: every hostile case we know of, plus the ordinary ones. */
describe('BwrapSandbox (real bubblewrap)', () => {
  // 0711 like /tmp's search permission: the sandbox's host user (uid 1000) must be able to reach its directory.
  const workRoot = mkdtempSync(join(tmpdir(), 'gantry-bwrap-spec-'));
  chmodSync(workRoot, 0o711);
  const sandbox = new BwrapSandbox({ workRoot });
  const canary = `canary-${randomUUID()}`;

  const run = (command: string, files: SandboxFile[] = [], timeoutMs = 30_000): Promise<SandboxResult> => {
    const job: SandboxJob = { missionId: randomUUID(), attempt: 1, files, command, timeoutMs };
    return sandbox.run(job);
  };

  beforeAll(() => {
    process.env.GANTRY_TEST_SECRET = canary;
  });

  afterAll(() => {
    delete process.env.GANTRY_TEST_SECRET;
    rmSync(workRoot, { recursive: true, force: true });
  });

  it('is available, and says what it runs', async () => {
    const availability = await sandbox.available();
    expect(availability).toEqual({ ok: true, detail: match.stringMatching(/^bubblewrap 0\.\d+.*node v\d+.*uid 1000/) });
  });

  it('runs `node -e 0` to exit 0, again and again (timings live in npm run bench:foundry)', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await run('node -e 0')).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false, output: '', outputTruncated: false });
    }
  });

  it('runs a passing and a failing `node --test` suite', async () => {
    const suite = (ok: boolean): SandboxFile[] => [
      { path: 'package.json', content: '{"name":"app","version":"1.0.0"}' },
      { path: 'src/sum.js', content: 'module.exports = (a, b) => a + b;\n' },
      { path: 'test/sum.test.js', content: sumTest(ok ? 3 : 4) },
      { path: 'test/other.test.js', content: sumTest(3) },
    ];
    const passing = await run('node --test test/', suite(true));
    expect(passing).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false });
    expect(passing.output).toMatch(/# pass 2\n# fail 0/);
    const failing = await run('node --test test/', suite(false));
    expect(failing).toMatchObject({ exitCode: 1, timedOut: false, oomKilled: false });
    expect(failing.output).toMatch(/# pass 1\n# fail 1/);
  });

  it('runs as uid and gid 1000, with no capabilities, in /workspace', async () => {
    const result = await run('id -u; id -g; pwd; grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status');
    expect(result.output).toBe('1000\n1000\n/workspace\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n');
  });

  it('has no network: HTTP to an address and a DNS lookup both fail', async () => {
    const probe = [
      "const net = require('node:http');",
      "net.get('http://1.1.1.1/', () => console.log('HTTP CONNECTED')).on('error', (e) => console.log('http', e.code));",
      "require('node:dns').lookup('example.com', (e) => console.log('dns', e ? e.code : 'RESOLVED'));",
    ].join('\n');
    const result = await run('node probe.js; cat /proc/net/dev', [{ path: 'probe.js', content: probe }]);
    expect(result.output).toMatch(/^http (ENETUNREACH|ECONNREFUSED|EHOSTUNREACH)$/m);
    expect(result.output).toMatch(/^dns (EAI_AGAIN|ENOTFOUND)$/m);
    expect(result.output).not.toMatch(/CONNECTED|RESOLVED/);
    expect(result.output.match(/^\s*\w+:/gm)?.map((s) => s.trim())).toEqual(['lo:']);
  });

  it('cannot write to /etc, /usr or the root, and sees none of /root, /home or the repository', async () => {
    const result = await run(
      'for f in /etc/x /usr/x /x /bin/x; do (echo pwned > $f) 2>/dev/null && echo "wrote $f"; done; ' +
        `ls -d /root /home ${process.cwd()} /var/run/docker.sock /etc/shadow /etc/hostname 2>&1 | grep -c "No such file"`,
    );
    expect(result.output).toBe('6\n');
    expect(existsSync('/etc/x')).toBe(false);
    expect(existsSync('/usr/x')).toBe(false);
  });

  it("does not pass on the host's environment", async () => {
    expect(process.env.GANTRY_TEST_SECRET).toBe(canary);
    const result = await run('env; cat /proc/[0-9]*/environ | tr "\\0" "\\n"');
    expect(result.output).not.toContain('GANTRY_TEST_SECRET');
    expect(result.output).not.toContain(canary);
    const names = new Set(
      result.output
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=')[0]),
    );
    expect([...names].sort()).toEqual(['HOME', 'LANG', 'PATH', 'PWD']);
  });

  it('contains a fork bomb to its task limit, and the host is fine afterwards', async () => {
    const result = await run('bomb() { bomb | bomb & }; bomb; sleep 3; echo survived', [], 20_000);
    // The shell's forks fail (EAGAIN from RLIMIT_NPROC), the bomb burns out, the script carries on.
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false });
    expect(result.output).toContain('/bin/sh: 1: Cannot fork');
    expect(result.output).toMatch(/survived/);
    const spawner =
      "const { spawn } = require('node:child_process'); let n = 0;" +
      "(function go() { spawn('sleep', ['100']).on('error', (e) => { console.log(e.code, n); process.exit(3); }); n++; setImmediate(go); })();";
    const nodeBomb = await run('node bomb.js', [{ path: 'bomb.js', content: spawner }], 20_000);
    expect(nodeBomb).toMatchObject({ exitCode: 3, timedOut: false });
    expect(Number(/^EAGAIN (\d+)$/m.exec(nodeBomb.output)?.[1])).toBeLessThan(256);
    expect(await processesMentioning(workRoot)).toEqual([]);
    expect(await run('node -e "console.log(6 * 7)"')).toMatchObject({ exitCode: 0, output: '42\n' });
  });

  // RLIMIT_DATA = 512 MiB: both hogs die at roughly 400-500 MB resident, in whichever allocation fails first.
  it('stops a Buffer memory hog at about the memory limit and reports it as out of memory', async () => {
    const result = await run('node hog.js', [{ path: 'hog.js', content: HOG('Buffer.alloc(8 * 1024 * 1024, 1)') }]);
    expect(result).toMatchObject({ exitCode: null, timedOut: false, oomKilled: true });
    expect(result.output).toMatch(/RangeError: Array buffer allocation failed|JavaScript heap out of memory/);
    expect(lastRss(result.output)).toBeGreaterThanOrEqual(256);
    expect(lastRss(result.output)).toBeLessThan(1024);
  });

  it('stops a V8 heap hog (heap out of memory or bad_alloc, then SIGABRT) and reports it as out of memory', async () => {
    const result = await run('node hog.js', [{ path: 'hog.js', content: HOG('new Array(1024 * 1024).fill(0).map((_, i) => i)') }]);
    expect(result).toMatchObject({ exitCode: null, timedOut: false, oomKilled: true });
    expect(result.output).toMatch(/JavaScript heap out of memory|std::bad_alloc/);
    expect(lastRss(result.output)).toBeGreaterThanOrEqual(256);
    expect(lastRss(result.output)).toBeLessThan(1024);
  });

  it('leaves room for worker threads, whose address-space reservations RLIMIT_AS alone would refuse', async () => {
    const script = [
      "const { Worker } = require('node:worker_threads');",
      'let ready = 0;',
      'for (let i = 0; i < 4; i++) {',
      '  const worker = new Worker("require(\'node:worker_threads\').parentPort.postMessage(1)", { eval: true });',
      "  worker.on('message', () => ++ready === 4 && console.log('4 workers ran'));",
      '}',
    ].join('\n');
    expect(await run('node workers.js', [{ path: 'workers.js', content: script }])).toMatchObject({ exitCode: 0, output: '4 workers ran\n' });
  });

  it('kills an endless loop at its timeout, with everything it started', async () => {
    const result = await run("trap '' TERM; sleep 1000 & node -e 'for (;;) {}'", [], 2_000);
    expect(result).toMatchObject({ exitCode: null, timedOut: true, oomKilled: false });
    expect(await processesMentioning(workRoot)).toEqual([]);
  });

  it('bounds the output, keeping its start and its end', async () => {
    const result = await run('echo START; head -c 1000000 /dev/zero | tr "\\0" a; echo; echo END');
    expect(result.exitCode).toBe(0);
    expect(result.outputTruncated).toBe(true);
    expect(Buffer.byteLength(result.output)).toBeLessThan(256 * 1024 + 200);
    expect(result.output.startsWith('START\naaa')).toBe(true);
    expect(result.output.endsWith('aaa\nEND\n')).toBe(true);
    expect(result.output).toMatch(/\[… \d+ bytes of output cut/);
  });

  it('refuses a file path that escapes the workspace, writing nothing', async () => {
    for (const path of ['../escape.txt', '/tmp/escape.txt', 'a/../../escape.txt', '']) {
      await expect(
        run('true', [
          { path: 'ok.txt', content: 'ok' },
          { path, content: 'x' },
        ]),
      ).rejects.toBeInstanceOf(SandboxPathError);
    }
    expect(existsSync(join(workRoot, 'escape.txt'))).toBe(false);
  });

  it('leaves no run directory behind', () => {
    expect(readdirSync(workRoot)).toEqual([]);
  });
});

function sumTest(expected: number): string {
  return [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const sum = require('../src/sum');",
    `test('sum', () => assert.strictEqual(sum(1, 2), ${expected}));`,
  ].join('\n');
}

/** Allocates about 8 MB at a time, up to 3 GB, reporting its resident size every 64 MB. */
function HOG(allocation: string): string {
  return [
    'const keep = [];',
    'for (let mb = 8; mb <= 3072; mb += 8) {',
    `  keep.push(${allocation});`,
    "  if (mb % 64 === 0) console.log('rss', Math.round(process.memoryUsage().rss / 1048576));",
    '}',
    "console.log('all 3 GB allocated');",
  ].join('\n');
}

function lastRss(output: string): number {
  const reports = [...output.matchAll(/^rss (\d+)$/gm)];
  return reports.length === 0 ? 0 : Number(reports[reports.length - 1][1]);
}
