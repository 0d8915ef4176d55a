import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesMentioning } from '../../src/foundry/bwrap/bwrap-reaper';
import { ProcessSandbox } from '../../src/foundry/process/process-sandbox';
import { SandboxUnavailableError, type SandboxFile, type SandboxResult } from '../../src/missions/ports/sandbox.port';
import { match } from '../support/expectations';
import { nodeTestProject } from './support/sandbox-fixtures';

/** The embedded tier against real namespaces, rlimits and Node's permission model: hostile code, contained. */
describe('ProcessSandbox (embedded tier)', () => {
  const workRoot = mkdtempSync(join(tmpdir(), 'gantry-process-spec-'));
  const sandbox = new ProcessSandbox({ workRoot });
  const canary = `canary-${randomUUID()}`;
  const outside = join(tmpdir(), `gantry-process-escape-${randomUUID()}`);
  let server: Server;
  let hits = 0;

  const run = (script: string, timeoutMs = 30_000, extra: SandboxFile[] = []): Promise<SandboxResult> =>
    sandbox.run({ missionId: randomUUID(), attempt: 1, files: [{ path: 'main.js', content: script }, ...extra], command: 'node main.js', timeoutMs });

  beforeAll(async () => {
    process.env.GANTRY_TEST_SECRET = canary;
    server = createServer((_, response) => {
      hits += 1;
      response.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    delete process.env.GANTRY_TEST_SECRET;
    await new Promise((resolve) => server.close(resolve));
    rmSync(workRoot, { recursive: true, force: true });
  });

  it('is available, and says what it runs and what it lacks', async () => {
    expect(await sandbox.available()).toEqual({
      ok: true,
      detail: match.stringMatching(/^embedded: Node v24\.\d+\.\d+ --permission .*namespaces.*no container, no seccomp, no cgroup/),
    });
    expect(sandbox).toMatchObject({ driver: 'process', tier: 'process' });
  });

  it('runs a passing and a failing node --test suite, in one process', async () => {
    const passing = await sandbox.run({ missionId: randomUUID(), attempt: 1, files: nodeTestProject(), command: 'node --test', timeoutMs: 30_000 });
    expect(passing).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false, output: match.stringMatching(/ℹ pass 2\nℹ fail 0/) });
    const failing = await sandbox
      .run({ missionId: randomUUID(), attempt: 1, files: nodeTestProject(true), command: 'npm test', timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    // npm test without a test script in package.json: refused, saying what to install.
    expect(failing).toBeInstanceOf(SandboxUnavailableError);
    const withScript = nodeTestProject(true).map((file) =>
      file.path === 'package.json' ? { ...file, content: JSON.stringify({ name: 'tiny', scripts: { test: 'node --test test/sum.test.js' } }) } : file,
    );
    const red = await sandbox.run({ missionId: randomUUID(), attempt: 1, files: withScript, command: 'npm test', timeoutMs: 30_000 });
    expect(red).toMatchObject({ exitCode: 1, timedOut: false, output: match.stringMatching(/ℹ pass 0\nℹ fail 2/) });
  });

  it('refuses anything but a plain node command, before running anything', async () => {
    for (const command of ['sh -c id', 'node -e 0', 'node --allow-child-process main.js', 'node ../main.js', 'node main.js; id', 'npm install']) {
      await expect(sandbox.run({ missionId: randomUUID(), attempt: 1, files: [], command, timeoutMs: 5_000 })).rejects.toThrow(
        /^The process sandbox runs only plain node commands: .*install Docker/,
      );
    }
  });

  it('has no network: not even the host’s loopback', async () => {
    const { port } = server.address() as AddressInfo;
    const result = await run(
      `require('http').get('http://127.0.0.1:${port}/', (r) => { console.log('REACHED', r.statusCode); }).on('error', (e) => { console.log('FAILED', e.code); process.exit(3); });`,
    );
    expect(result).toMatchObject({ exitCode: 3, output: match.stringMatching(/^FAILED (ENETUNREACH|ECONNREFUSED|EADDRNOTAVAIL)/) });
    expect(hits).toBe(0);
  });

  it('reads and writes nothing outside its workspace, and writes inside it', async () => {
    const script = [
      "const fs = require('fs');",
      "const tryIt = (what, f) => { try { f(); console.log(what, 'DONE'); } catch (e) { console.log(what, e.code); } };",
      "tryIt('read /etc/passwd', () => fs.readFileSync('/etc/passwd'));",
      `tryIt('read the repository', () => fs.readdirSync(${JSON.stringify(process.cwd())}));`,
      `tryIt('write outside', () => fs.writeFileSync(${JSON.stringify(outside)}, 'x'));`,
      "tryIt('write inside', () => fs.writeFileSync('out.txt', 'x'));",
    ].join('\n');
    const result = await run(script);
    expect(result.output.split('\n')).toEqual([
      'read /etc/passwd ERR_ACCESS_DENIED',
      'read the repository ERR_ACCESS_DENIED',
      'write outside ERR_ACCESS_DENIED',
      'write inside DONE',
      '',
    ]);
    expect(existsSync(outside)).toBe(false);
  });

  it("sees none of the host's environment", async () => {
    const result = await run('console.log(JSON.stringify(process.env))');
    expect(result.output).not.toContain(canary);
    expect(Object.keys(JSON.parse(result.output) as object).sort()).toEqual(['HOME', 'LANG', 'PATH', 'TMPDIR']);
  });

  it('starts no child process, worker or addon', async () => {
    const script = [
      "const tryIt = (what, f) => { try { f(); console.log(what, 'DONE'); } catch (e) { console.log(what, e.code); } };",
      "tryIt('spawn', () => require('child_process').spawnSync('/bin/sh', ['-c', 'id']));",
      "tryIt('worker', () => new (require('worker_threads').Worker)('0', { eval: true }));",
      "tryIt('addon', () => process.dlopen({ exports: {} }, require('path').resolve('addon.node')));",
    ].join('\n');
    const result = await run(script, 30_000, [{ path: 'addon.node', content: 'an addon would be an ELF file; it is refused before it is read' }]);
    expect(result.output).toBe('spawn ERR_ACCESS_DENIED\nworker ERR_ACCESS_DENIED\naddon ERR_DLOPEN_DISABLED\n');
  });

  it('runs as an unprivileged user, as pid 1 of its own PID namespace', async () => {
    const result = await run('console.log(process.getuid(), process.pid)');
    expect(result.output).toBe('1000 1\n');
  });

  it('kills an endless loop at its timeout, and leaves nothing running', async () => {
    const result = await run('for (;;) {}', 2_000);
    expect(result).toMatchObject({ exitCode: null, timedOut: true, oomKilled: false });
    expect(await processesMentioning(workRoot)).toEqual([]);
  });

  it('stops a heap hog at the memory limit and reports it as out of memory', async () => {
    const result = await run('const keep = []; for (;;) keep.push(new Array(1024 * 1024).fill(0).map((_, i) => i));');
    expect(result).toMatchObject({ exitCode: null, timedOut: false, oomKilled: true });
  });

  it('stops a Buffer hog with RLIMIT_DATA and reports it as out of memory', async () => {
    const result = await run('const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));');
    expect(result).toMatchObject({ exitCode: null, timedOut: false, oomKilled: true });
  });

  it('bounds the output, keeping its start and its end', async () => {
    const result = await run("console.log('START'); process.stdout.write('a'.repeat(1_000_000)); console.log('\\nEND');");
    expect(result).toMatchObject({ exitCode: 0, outputTruncated: true });
    expect(result.output.startsWith('START\naaa')).toBe(true);
    expect(result.output.endsWith('aaa\nEND\n')).toBe(true);
  });

  it('leaves no run directory behind', () => {
    expect(readdirSync(workRoot)).toEqual([]);
  });
});
