import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { failingTestsIn } from '../../src/missions/domain/failure-packet';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { match } from '../support/expectations';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from './support/docker-engine';
import { job, nodeTestProject } from './support/sandbox-fixtures';

/** The Docker sandbox against the real engine and the locally built image: ordinary builds. */
describe('DockerSandbox (real engine): running builds', () => {
  const docker = new Docker();
  const scope = testScope('docker-sandbox');
  const sandbox = new DockerSandbox({ docker, scope, runtime: 'runc' });

  beforeAll(async () => {
    await ensureSandboxImage(docker);
  }, 180_000);

  afterAll(async () => {
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it('says it is available, with the engine and the image', async () => {
    const availability = await sandbox.available();
    expect(availability).toEqual({ ok: true, detail: match.stringMatching(/^Docker .*image gantry-node:local/) });
    expect(sandbox.driver).toBe('docker');
    expect(sandbox.limits).toEqual({ memoryBytes: 512 * 1024 * 1024, milliCpus: 1000, pids: 256 });
  });

  it('runs `node -e 0` to a clean exit', async () => {
    const result = await sandbox.run(job('node -e 0'));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false, output: '', outputTruncated: false });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('reports a non-zero exit code and interleaves stderr with stdout', async () => {
    const result = await sandbox.run(job('echo to-out; echo to-err >&2; exit 7'));
    expect(result).toMatchObject({ exitCode: 7, timedOut: false, oomKilled: false });
    expect(result.output).toContain('to-out\n');
    expect(result.output).toContain('to-err\n');
  });

  it('passes a small `node --test` suite', async () => {
    const result = await sandbox.run(job('node --test', { files: nodeTestProject() }));
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(/[#ℹ] pass 2/);
    expect(result.output).toMatch(/[#ℹ] fail 0/);
  });

  it('fails a broken `node --test` suite, naming the failing test', async () => {
    const result = await sandbox.run(job('node --test', { files: nodeTestProject(true) }));
    expect(result.exitCode).not.toBe(0);
    expect(result.exitCode).not.toBeNull();
    expect(result.output).toMatch(/(not ok \d+ -|✖) adds two numbers/);
    expect(result.output).toMatch(/[#ℹ] fail 2/);
  });

  it('puts the files in the working directory, owned by 1000:1000, parent directories created', async () => {
    const files = [
      { path: 'a/b/c.txt', content: 'deep' },
      { path: 'bin.dat', content: Buffer.from([0, 1, 2, 255]) },
    ];
    const result = await sandbox.run(job('pwd; stat -c "%u:%g %n" . a a/b a/b/c.txt; cat a/b/c.txt; od -An -tu1 bin.dat', { files }));
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toEqual(expect.arrayContaining(['/workspace', '1000:1000 .', '1000:1000 a', '1000:1000 a/b', '1000:1000 a/b/c.txt']));
    expect(result.output).toContain('deep');
    expect(result.output).toMatch(/0\s+1\s+2\s+255/);
  });

  it('runs as uid 1000, never root', async () => {
    const result = await sandbox.run(job('id -u; id -g; node -e "console.log(process.getuid(), process.getgid())"'));
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe('1000\n1000\n1000 1000\n');
  });

  it('bounds the output, keeping its beginning and its end, and says it cut it', async () => {
    const small = new DockerSandbox({ docker, scope, runtime: 'runc', outputLimitBytes: 1024 });
    const command = `node -e "process.stdout.write('BEGIN' + 'x'.repeat(200000) + 'END')"`;
    const result = await small.run(job(command));
    expect(result.exitCode).toBe(0);
    expect(result.outputTruncated).toBe(true);
    expect(result.output.startsWith('BEGIN')).toBe(true);
    expect(result.output.endsWith('END')).toBe(true);
    expect(result.output).toMatch(/\[\.\.\. \d+ bytes of output cut \.\.\.\]/);
    expect(result.output.length).toBeLessThan(1024 + 64);
  });

  it('leaves output under the bound whole', async () => {
    const result = await sandbox.run(job(`node -e "process.stdout.write('y'.repeat(100000))"`));
    expect(result.outputTruncated).toBe(false);
    expect(result.output).toBe('y'.repeat(100000));
  });

  it('applies the memory (no swap), CPU and pids limits to its cgroup', async () => {
    const limited = new DockerSandbox({ docker, scope, runtime: 'runc', limits: { memoryBytes: 256 * 1024 * 1024, milliCpus: 500, pids: 100 } });
    const files = ['memory/memory.limit_in_bytes', 'memory/memory.memsw.limit_in_bytes', 'cpu/cpu.cfs_quota_us', 'cpu/cpu.cfs_period_us', 'pids/pids.max'];
    const v2 = ['memory.max', 'memory.swap.max', 'cpu.max', 'pids.max'];
    const script = [...files, ...v2].map((f) => `[ -f /sys/fs/cgroup/${f} ] && echo "${f}=$(cat /sys/fs/cgroup/${f})"`).join('; ');
    const result = await limited.run(job(`${script}; true`));
    const seen = Object.fromEntries(
      result.output
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    const v1 = 'memory/memory.limit_in_bytes' in seen;
    // This engine is cgroup v1 (Debian docker.io 20.10); a cgroup v2 host shows the same limits in other files.
    expect(seen).toEqual(
      v1
        ? {
            'memory/memory.limit_in_bytes': '268435456',
            'memory/memory.memsw.limit_in_bytes': '268435456',
            'cpu/cpu.cfs_quota_us': '50000',
            'cpu/cpu.cfs_period_us': '100000',
            'pids/pids.max': '100',
          }
        : { 'memory.max': '268435456', 'memory.swap.max': '0', 'cpu.max': '50000 100000', 'pids.max': '100' },
    );
  });

  it('uses a fresh container each time: nothing written by one run is seen by the next', async () => {
    const first = await sandbox.run(job('echo left-behind > note.txt; echo tmp > /tmp/note.txt'));
    expect(first.exitCode).toBe(0);
    const second = await sandbox.run(job('cat note.txt /tmp/note.txt'));
    expect(second.exitCode).not.toBe(0);
    expect(second.output).not.toContain('left-behind');
  });
});

/** The same driver under gVisor's runsc, which this machine's engine has registered (.ci/run registers it). */
describe('DockerSandbox (real engine) under gVisor (runsc)', () => {
  const docker = new Docker();
  const scope = testScope('docker-gvisor');
  const sandbox = new DockerSandbox({ docker, scope });

  beforeAll(async () => {
    await ensureSandboxImage(docker);
  }, 180_000);

  afterAll(async () => {
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it('picks runsc by itself when the engine lists it, and says so: tier gvisor', async () => {
    expect((await docker.info()) as { Runtimes: Record<string, unknown> }).toMatchObject({ Runtimes: match.objectContaining({ runsc: match.any(Object) }) });
    const availability = await sandbox.available();
    expect(availability).toEqual({ ok: true, detail: match.stringMatching(/runtime runsc \(gvisor\)/) });
    expect(sandbox.tier).toBe('gvisor');
    expect(new DockerSandbox({ docker, runtime: 'runc' }).tier).toBe('container');
  });

  it("runs the code on gVisor's kernel, not the host's: /proc/version, uname and dmesg are the Sentry's", async () => {
    const result = await sandbox.run(job('cat /proc/version; uname -r; dmesg | head -1'));
    const hostKernel = execFileSync('uname', ['-r']).toString().trim();
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(/^\[\s*0\.000000\] Starting gVisor\.\.\.$/m);
    expect(result.output).not.toContain(hostKernel);
  });

  it('passes and fails a `node --test` suite as runc does (node picks its spec reporter here; both formats are read)', async () => {
    const passing = await sandbox.run(job('node --test', { files: nodeTestProject() }));
    expect(passing).toMatchObject({ exitCode: 0, timedOut: false, oomKilled: false, diskLimitHit: false });
    expect(passing.output).toMatch(/(#|ℹ) pass 2/);
    const failing = await sandbox.run(job('node --test', { files: nodeTestProject(true) }));
    expect(failing.exitCode).toBe(1);
    expect(failingTestsIn(failing.output)).toEqual(['adds two numbers', 'adds a negative number']);
  });

  it('refuses an unregistered runtime asked for by name, with the way to register it', async () => {
    const missing = new DockerSandbox({ scope, runtime: 'runsc', docker: fakeEngineWithout('runsc', docker) });
    expect(await missing.available()).toEqual({ ok: false, detail: match.stringMatching(/no runsc runtime.*apt-get install runsc.*daemon\.json/) });
  });
});

/** The real engine, except that its `info` lists no `runtime`. */
function fakeEngineWithout(runtime: string, docker: Docker): Docker {
  const info = async (): Promise<unknown> => {
    const real = (await docker.info()) as { Runtimes: Record<string, unknown> };
    const { [runtime]: _dropped, ...rest } = real.Runtimes;
    return { ...real, Runtimes: rest };
  };
  return Object.assign(Object.create(docker) as Docker, { info });
}
