import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { processesMentioning } from '../../src/foundry/bwrap/bwrap-reaper';
import { BwrapSandbox } from '../../src/foundry/bwrap/bwrap-sandbox';
import { CGROUP_PARENT } from '../../src/foundry/bwrap/run-cgroup';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { ProcessSandbox } from '../../src/foundry/process/process-sandbox';
import type { Sandbox, SandboxLimits, SandboxResult } from '../../src/missions/ports/sandbox.port';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from './support/docker-engine';
import { FORK_BOMB_SCRIPT, LINKS_SCRIPT, MEMORY_BOMB_SCRIPT, MOUNT_SCRIPT, PROC_SCRIPT, SETUID_SCRIPT, fillScript } from './support/hostile-probes';

/**
 * The hostile-code suite, once per isolation tier. A tier plugs in with one row of TIERS; each case states what
 * a careful operator expects of every tier, and where a tier cannot stop something by design the expectation
 * says so (the README's table is this file in words).
 *
 * The sandbox image has only node and busybox, so each probe uses what those offer and says what it really
 * exercises: `unshare` and `mount` are real syscalls (busybox applets); ptrace, keyctl and bpf have no tool
 * there, so their probes read what those calls would reach (/proc/1/mem through the ptrace access check,
 * /proc/keys) and bubblewrap's seccomp filter, which does refuse the calls themselves, is proved call by call
 * by src/foundry/bwrap/seccomp-filter.spec.ts (and with strace, which bubblewrap finds on the host's /usr).
 * The embedded `process` tier runs no shell: its probes are node scripts trying the same (support/hostile-probes.ts).
 */
type TierName = 'runc' | 'runsc' | 'bubblewrap' | 'process';

interface Tier {
  name: TierName;
  /** The sandbox under test, with `limits` on top of its defaults. */
  make(limits?: Partial<SandboxLimits>): Sandbox;
}

const docker = new Docker();
const scope = testScope('hostile-tiers');
const workRoot = mkdtempSync(join(tmpdir(), 'gantry-hostile-'));
chmodSync(workRoot, 0o711);
const MISSION_PREFIX = `hostile-${process.pid}`;

const TIERS: Tier[] = [
  { name: 'runc', make: (limits) => new DockerSandbox({ docker, scope, runtime: 'runc', limits }) },
  { name: 'runsc', make: (limits) => new DockerSandbox({ docker, scope, runtime: 'runsc', limits }) },
  { name: 'bubblewrap', make: (limits) => new BwrapSandbox({ workRoot, limits }) },
  { name: 'process', make: (limits) => new ProcessSandbox({ workRoot, limits }) },
];

const MiB = 1024 * 1024;
const hostFreeBytes = (): number => {
  const stats = statfsSync(tmpdir());
  return stats.bavail * stats.bsize;
};

function run(sandbox: Sandbox, command: string, timeoutMs = 60_000): Promise<SandboxResult> {
  return sandbox.run({ missionId: `${MISSION_PREFIX}-${randomUUID()}`, attempt: 1, files: [{ path: 'app.js', content: '1' }], command, timeoutMs });
}

/** The shell probe, or under the embedded tier (no shell) the node script that tries the same. */
function probe(tier: Tier, sandbox: Sandbox, shell: string, script: string, timeoutMs = 60_000): Promise<SandboxResult> {
  if (tier.name !== 'process') return run(sandbox, shell, timeoutMs);
  const files = [{ path: 'probe.js', content: script }];
  return sandbox.run({ missionId: `${MISSION_PREFIX}-${randomUUID()}`, attempt: 1, files, command: 'node probe.js', timeoutMs });
}

/** Lines of /proc/mounts, and cgroups, that name this suite's runs: there must be none once a run is over. */
function leftovers(): string[] {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((line) => line.includes(workRoot) || line.includes(MISSION_PREFIX));
  const cgroups = ['', 'memory', 'pids', 'cpu'].flatMap((controller) => {
    const parent = join('/sys/fs/cgroup', controller, CGROUP_PARENT);
    return (readdirSafe(parent) ?? []).filter((name) => name.includes(MISSION_PREFIX)).map((name) => join(parent, name));
  });
  return [...mounts, ...cgroups, ...readdirSync(workRoot).map((name) => join(workRoot, name))];
}

function readdirSafe(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}

beforeAll(async () => {
  await ensureSandboxImage(docker);
}, 180_000);

afterAll(async () => {
  expect(await sandboxContainers(docker, scope)).toEqual([]);
  expect(await sandboxVolumes(docker, scope)).toEqual([]);
  expect(await processesMentioning(workRoot)).toEqual([]);
  expect(leftovers()).toEqual([]);
  rmSync(workRoot, { recursive: true, force: true });
});

describe.each(TIERS)('Hostile code under the $name tier', (tier) => {
  const sandbox = tier.make();

  afterEach(async () => {
    expect(leftovers()).toEqual([]);
    expect(await processesMentioning(workRoot)).toEqual([]);
  });

  it.each([
    ['the workspace', '/workspace/fill', 256, "'.'"],
    ['/tmp', '/tmp/fill', 64, "require('os').tmpdir()"],
  ])('stops a 2 GB write to %s at its bound: ENOSPC, read as the disk limit, and the host disk untouched', async (_where, path, boundMb, dir) => {
    const before = hostFreeBytes();
    const result = await probe(tier, sandbox, `dd if=/dev/zero of=${path} bs=1M count=2048; ls -l ${path}; exit 1`, fillScript(dir));
    expect(result).toMatchObject({ diskLimitHit: true, timedOut: false, oomKilled: false });
    if (tier.name === 'process') {
      // By design, no tmpfs: /tmp is refused (the permission model) and the build's own TMPDIR is in the
      // workspace, which is measured as the run goes and the run stopped past the bound: after the fact, so
      // it may overshoot by what the disk takes in one measuring interval (each file is held by RLIMIT_FSIZE).
      expect(result.output).toMatch(/^tmp=ERR_ACCESS_DENIED$/m);
      const reached = Number(/the workspace reached ([\d.]+) MB, past its 256\.0 MB disk limit/.exec(result.output)?.[1]);
      expect(reached).toBeGreaterThanOrEqual(256);
      expect(reached).toBeLessThan(2048);
    } else {
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/No space left on device/);
      const written = Number(/^\S+\s+\d+\s+\S+\s+\S+\s+(\d+)/m.exec(result.output)?.[1]);
      expect(written).toBeLessThanOrEqual(boundMb * MiB);
      expect(written).toBeGreaterThan(boundMb * MiB * 0.9);
    }
    // tmpfs lives in memory (the embedded tier's workspace is removed): the host's disk lost less than the quota.
    expect(before - hostFreeBytes()).toBeLessThan(256 * MiB);
  });

  it('gives links to host files nothing: a symlink resolves inside the sandbox, a hard link crosses devices', async () => {
    const result = await probe(
      tier,
      sandbox,
      'ln -s /etc/shadow s; cat s; echo "symlink=$?"; ln /etc/passwd h; echo "hardlink=$?"; ln /usr/bin/env e; echo "hardlink-bin=$?"',
      LINKS_SCRIPT,
    );
    expect(result.output).not.toMatch(/root:[^:]*:\d+/);
    if (tier.name === 'process') {
      // The host's filesystem is there (no mount isolation): the permission model refuses a link to it at all.
      expect(result.output).toMatch(/^symlink=ERR_ACCESS_DENIED$/m);
      expect(result.output).toMatch(/^hardlink=ERR_ACCESS_DENIED$/m);
      return;
    }
    expect(result.output).toMatch(/^symlink=1$/m);
    expect(result.output).toMatch(/^hardlink=1$/m);
    expect(result.output).toMatch(/^hardlink-bin=1$/m);
    expect(result.output).toMatch(/Invalid cross-device link/);
  });

  it('refuses mount, and refuses unshare of a user namespace except inside gVisor, whose namespaces are its own', async () => {
    const result = await probe(tier, sandbox, 'mount -t tmpfs none /tmp; echo "mount=$?"; unshare -U true; echo "unshare=$?"', MOUNT_SCRIPT);
    if (tier.name === 'process') {
      // No program starts here at all, mount and unshare included (Node has no call of its own for either).
      expect(result.output).toMatch(/^mount=ERR_ACCESS_DENIED$/m);
      expect(result.output).toMatch(/^unshare=ERR_ACCESS_DENIED$/m);
      return;
    }
    expect(result.output).not.toMatch(/^mount=0$/m);
    if (tier.name === 'runsc') {
      // By design: gVisor implements user namespaces in the Sentry; nothing reaches the host kernel.
      expect(result.output).toMatch(/^unshare=0$/m);
    } else {
      expect(result.output).toMatch(/^unshare=1$/m);
      expect(result.output).toMatch(/Operation not permitted/);
    }
  });

  it('reads no secret through /proc/1/environ, no memory through /proc/kcore or /proc/1/mem, and cannot write /sys/kernel', async () => {
    process.env.GANTRY_HOSTILE_CANARY = 'canary-b7d1';
    try {
      const shell =
        // The shell's own complaints go to /dev/null: stdout and stderr reach the output through two pipes, so a
        // complaint could land in the middle of the next "name=code" line; the exit code is what is checked.
        'cat /proc/1/environ | tr "\\0" " "; echo; head -c 16 /proc/kcore > /dev/null 2>&1; echo "kcore=$?"; ' +
        '(echo 1 > /sys/kernel/mm/ksm/run) 2> /dev/null; echo "sys=$?"; ' +
        "node -e \"try { require('fs').readSync(require('fs').openSync('/proc/1/mem', 'r'), Buffer.alloc(8), 0, 8, 4096); console.log('mem=read') } catch (e) { console.log('mem=' + e.code) }\"";
      const result = await probe(tier, sandbox, shell, PROC_SCRIPT);
      expect(result.output).not.toContain('canary-b7d1');
      expect(result.output).not.toContain(process.cwd());
      if (tier.name === 'process') {
        for (const name of ['environ', 'kcore', 'mem', 'sys']) expect(result.output).toMatch(new RegExp(`^${name}=ERR_ACCESS_DENIED$`, 'm'));
        return;
      }
      expect(result.output).toMatch(/^kcore=1$/m);
      expect(result.output).toMatch(/^sys=[12]$/m);
      expect(result.output).toMatch(/^mem=(EACCES|EPERM|EIO|ENOENT)$/m);
    } finally {
      delete process.env.GANTRY_HOSTILE_CANARY;
    }
  });

  it('gains nothing from a setuid binary written into the workspace (nosuid, no_new_privs, no root-owned file to make)', async () => {
    const result = await probe(
      tier,
      sandbox,
      'mkdir suid && cp /bin/sh suid/sh && chmod 4755 suid/sh && ls -l suid/sh && suid/sh -c "id -u"; grep " /workspace " /proc/mounts',
      SETUID_SCRIPT,
    );
    expect(result.output).toMatch(/^1000$/m);
    expect(result.output).not.toMatch(/^0$/m);
    if (tier.name === 'process') {
      // The file can be made setuid (it is the build's own), but nothing written can be started.
      expect(result.output).toMatch(/^exec=ERR_ACCESS_DENIED$/m);
      return;
    }
    expect(result.output).toMatch(/^-rwsr-xr-x/m);
    // gVisor shows its own 9p mount options, not the host tmpfs's; the host tmpfs under it is nosuid all the same.
    if (tier.name !== 'runsc') expect(result.output).toMatch(/ \/workspace tmpfs \S*nosuid/);
  });

  it('contains a fork bomb within the pids limit, the run goes on and ends by itself; the host still forks', async () => {
    const bounded = tier.make({ pids: 64 });
    // The shell forks nothing after the bomb (a fork refused there would end it): it waits for the end of a
    // `sleep 2` started before, whose closing of a FIFO ends the read. The bomb writes to the same output, so
    // "still-here" may share a line with its messages.
    const shell = 'mkfifo wait-here; sleep 2 >wait-here & exec 3<wait-here; bomb(){ bomb | bomb & }; bomb; read line <&3; echo still-here';
    const result = await probe(tier, bounded, shell, FORK_BOMB_SCRIPT, 30_000);
    expect(result).toMatchObject({ timedOut: false, oomKilled: false });
    expect(result.output).toContain('still-here');
    if (tier.name === 'process') {
      // No child process can be started at all (RLIMIT_NPROC stands behind that).
      expect(result.output).toMatch(/^fork=ERR_ACCESS_DENIED$/m);
    } else {
      // Under gVisor the limit is gVisor's own RLIMIT_NPROC: its Sentry stays under a host ceiling of its own.
      expect(result.output).toMatch(/[Cc]an't fork|Cannot fork|Resource temporarily unavailable/);
    }
    expect(execFileSync('sh', ['-c', 'echo host-ok']).toString()).toBe('host-ok\n');
  });

  it('ends a memory bomb as out of memory, within the memory limit', async () => {
    const result = await probe(tier, sandbox, `node -e "${MEMORY_BOMB_SCRIPT}"`, MEMORY_BOMB_SCRIPT);
    expect(result).toMatchObject({ oomKilled: true, timedOut: false, diskLimitHit: false });
  });

  if (tier.name === 'bubblewrap') {
    it('refuses ptrace itself (seccomp): strace, from the host /usr bubblewrap shows, cannot trace', async () => {
      const result = await run(sandbox, 'strace -f true; echo "strace=$?"');
      expect(result.output).not.toMatch(/^execve\(/m);
      expect(result.output).toMatch(/Operation not permitted|detached/);
    });
  }
});
