import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { match } from '../support/expectations';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from './support/docker-engine';
import { job } from './support/sandbox-fixtures';

/** What the host's /etc looks like where a sandbox would most like to write. */
function etcSnapshot(): Record<string, string | null> {
  const paths = ['/etc/x', '/etc/passwd', '/etc/hosts'];
  const hash = (path: string): string | null => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null);
  return Object.fromEntries(paths.map((path) => [path, hash(path)]));
}

const node = (script: string): string => `node -e "${script}"`;

/** Hostile code against the real engine: each attack ends, contained, and the host is unchanged. */
describe('DockerSandbox (real engine): hostile code', () => {
  const docker = new Docker();
  const scope = testScope('docker-hostile');
  const sandbox = new DockerSandbox({ docker, scope, runtime: 'runc' });
  const etcBefore = etcSnapshot();

  beforeAll(async () => {
    await ensureSandboxImage(docker);
  }, 180_000);

  afterAll(async () => {
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
    expect(etcSnapshot()).toEqual(etcBefore);
  });

  it('contains a shell fork bomb with the pids limit; it ends and the host still forks', async () => {
    const bounded = new DockerSandbox({ docker, scope, runtime: 'runc', limits: { pids: 64 } });
    const result = await bounded.run(job('bomb(){ bomb | bomb & }; bomb; sleep 2; echo still-here', { timeoutMs: 10_000 }));
    // The bomb hits the limit (fork fails with EAGAIN) instead of taking the machine; when the shell that
    // started it exits, the whole container goes, bomb included.
    expect(result.output).toMatch(/can't fork: Resource temporarily unavailable/);
    expect(result.timedOut || result.exitCode !== null).toBe(true);
    expect(execFileSync('sh', ['-c', 'echo host-ok']).toString()).toBe('host-ok\n');
  });

  it('stops a Node spawn loop at the pids limit', async () => {
    const bounded = new DockerSandbox({ docker, scope, runtime: 'runc', limits: { pids: 64 } });
    const loop = node(
      "const cp = require('child_process'); let n = 0;" +
        "(function next() { const c = cp.spawn('sleep', ['30']); c.on('spawn', () => { n++; next(); });" +
        "c.on('error', (e) => { console.log('refused after', n, e.code); process.exit(0); }); })();",
    );
    const result = await bounded.run(job(loop, { timeoutMs: 20_000 }));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, output: match.stringMatching(/refused after \d+ EAGAIN/) });
    const [, spawned] = /refused after (\d+) EAGAIN/.exec(result.output) ?? [];
    // Node's own threads count against the limit too, so fewer than 64 children fit.
    expect(Number(spawned)).toBeGreaterThan(0);
    expect(Number(spawned)).toBeLessThan(64);
  });

  it('kills a process that fills memory outside the JS heap: the kernel OOM killer, reported as such', async () => {
    const hog = node('const a = []; for (;;) a.push(Buffer.alloc(16 * 1024 * 1024, 1));');
    const result = await sandbox.run(job(hog, { timeoutMs: 30_000 }));
    expect(result).toMatchObject({ oomKilled: true, exitCode: null, timedOut: false });
  });

  it('ends a process that fills the JS heap: Node sizes its heap to the memory limit, aborts, and it is reported as out of memory', async () => {
    const hog = node('const a = []; for (;;) a.push(new Array(1e6).fill(Math.random()));');
    const result = await sandbox.run(job(hog, { timeoutMs: 30_000 }));
    // V8 reaches its heap limit (about half of the 512 MB cgroup limit) before the kernel has to step in, so
    // Docker's State.OOMKilled stays false: the process's own words say it, and it keeps its exit code.
    expect(result).toMatchObject({ exitCode: 134, oomKilled: true, timedOut: false });
    expect(result.output).toContain('JavaScript heap out of memory');
  });

  it('kills an endless loop at the deadline and reports a timeout', async () => {
    const result = await sandbox.run(job(node('for (;;) {}'), { timeoutMs: 2_000 }));
    expect(result).toMatchObject({ exitCode: null, timedOut: true, oomKilled: false });
  });

  it('has no network: an HTTP request fails', async () => {
    const call = node(
      "require('http').get('http://1.1.1.1', (r) => { console.log('REACHED', r.statusCode); process.exit(0); })" +
        ".on('error', (e) => { console.log('FAILED', e.code); process.exit(3); });",
    );
    const result = await sandbox.run(job(call, { timeoutMs: 20_000 }));
    expect(result.output).not.toContain('REACHED');
    expect(result).toMatchObject({ exitCode: 3, timedOut: false });
    expect(result.output).toMatch(/FAILED (ENETUNREACH|EHOSTUNREACH|ECONNREFUSED)/);
  });

  it('has no network: a DNS lookup fails', async () => {
    const lookup = node("require('dns').lookup('example.com', (e, a) => { console.log(e ? 'FAILED ' + e.code : 'RESOLVED ' + a); process.exit(e ? 4 : 0); });");
    const result = await sandbox.run(job(lookup, { timeoutMs: 20_000 }));
    expect(result.output).not.toContain('RESOLVED');
    expect(result.exitCode).toBe(4);
  });

  it('cannot write to /etc or anywhere else on the root filesystem', async () => {
    const result = await sandbox.run(job('echo pwned > /etc/x; echo pwned >> /etc/passwd; touch /usr/bin/x; exit 0'));
    // A new file meets the read-only root; an existing root-owned one is refused to uid 1000 even before that.
    expect(result.output.match(/Read-only file system|Permission denied/g)).toHaveLength(3);
    expect(result.output).toMatch(/can't create \/etc\/x: Read-only file system/);
    const check = await sandbox.run(job('test ! -e /etc/x && ! grep -q pwned /etc/passwd && echo clean'));
    expect(check.output).toBe('clean\n');
    expect(existsSync('/etc/x')).toBe(etcBefore['/etc/x'] !== null);
  });

  it('sees none of the host environment: no secret reaches the sandbox', async () => {
    process.env.GANTRY_TEST_SECRET = 'canary-4f1b9d';
    try {
      const result = await sandbox.run(job('env; node -e "console.log(JSON.stringify(process.env))"'));
      expect(result.exitCode).toBe(0);
      expect(result.output).not.toContain('canary-4f1b9d');
      expect(result.output).not.toContain('GANTRY_TEST_SECRET');
      const names = result.output
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split('=')[0]);
      // What Docker and the shell always set; nothing from the host.
      expect(new Set(names)).toEqual(new Set(['HOSTNAME', 'HOME', 'PATH', 'PWD', 'SHLVL']));
    } finally {
      delete process.env.GANTRY_TEST_SECRET;
    }
  });

  it('has no capabilities and cannot gain privileges', async () => {
    const result = await sandbox.run(job('grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status'));
    expect(result.output).toMatch(/CapEff:\s+0000000000000000/);
    expect(result.output).toMatch(/CapBnd:\s+0000000000000000/);
    expect(result.output).toMatch(/NoNewPrivs:\s+1/);
  });
});
