import { access, mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxLimits } from '../../missions/ports/sandbox.port';

/** Every run's cgroup lives under this one, in each hierarchy, named after its run directory. */
export const CGROUP_PARENT = 'gantry-sandbox';
const CGROUP_ROOT = '/sys/fs/cgroup';
const CPU_PERIOD_US = 100_000;

/**
 * One run's cgroup: memory, CPU and task limits for the whole sandbox (every process in it together), where
 * per-process rlimits cannot bound the sum. Root only (it writes under /sys/fs/cgroup). cgroup v2 (one
 * unified hierarchy) or v1 (one directory per controller, as on this project's CI machine).
 */
export class RunCgroup {
  constructor(
    readonly version: 1 | 2,
    /** The `cgroup.procs` files a process writes its pid into to join, one per hierarchy. */
    readonly procsFiles: string[],
    private readonly dirs: string[],
  ) {}

  /** Null when this host offers no writable memory, pids and CPU controllers (not root, or no cgroupfs). */
  static async create(name: string, limits: SandboxLimits, root = CGROUP_ROOT): Promise<RunCgroup | null> {
    if (process.getuid?.() !== 0) return null;
    if (await exists(join(root, 'cgroup.controllers'))) return createV2(root, name, limits);
    if ((await exists(join(root, 'memory', 'memory.limit_in_bytes'))) && (await exists(join(root, 'pids'))) && (await exists(join(root, 'cpu')))) {
      return createV1(root, name, limits);
    }
    return null;
  }

  /** The kernel's OOM killer struck inside this cgroup. */
  async oomKilled(): Promise<boolean> {
    const file = this.version === 2 ? join(this.dirs[0], 'memory.events') : join(this.dirs[0], 'memory.oom_control');
    const text = await readFile(file, 'utf8').catch(() => '');
    return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0) > 0;
  }

  /** Kills whatever is still inside and removes the cgroup. */
  async destroy(): Promise<void> {
    await removeCgroups(this.dirs);
  }
}

async function createV2(root: string, name: string, limits: SandboxLimits): Promise<RunCgroup> {
  const parent = join(root, CGROUP_PARENT);
  await writeFile(join(root, 'cgroup.subtree_control'), '+memory +pids +cpu');
  await mkdir(parent, { recursive: true });
  await writeFile(join(parent, 'cgroup.subtree_control'), '+memory +pids +cpu');
  const dir = join(parent, name);
  await mkdir(dir);
  await writeFile(join(dir, 'memory.max'), String(limits.memoryBytes));
  await writeFile(join(dir, 'memory.swap.max'), '0').catch(() => undefined);
  await writeFile(join(dir, 'pids.max'), String(limits.pids));
  await writeFile(join(dir, 'cpu.max'), `${cpuQuotaUs(limits)} ${CPU_PERIOD_US}`);
  return new RunCgroup(2, [join(dir, 'cgroup.procs')], [dir]);
}

async function createV1(root: string, name: string, limits: SandboxLimits): Promise<RunCgroup> {
  const dirs = ['memory', 'pids', 'cpu'].map((controller) => join(root, controller, CGROUP_PARENT, name));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  const [memory, pids, cpu] = dirs;
  await writeFile(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
  await writeFile(join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes)).catch(() => undefined);
  await writeFile(join(pids, 'pids.max'), String(limits.pids));
  await writeFile(join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
  await writeFile(join(cpu, 'cpu.cfs_quota_us'), String(cpuQuotaUs(limits)));
  return new RunCgroup(
    1,
    dirs.map((dir) => join(dir, 'cgroup.procs')),
    dirs,
  );
}

function cpuQuotaUs(limits: SandboxLimits): number {
  return Math.max(1000, Math.round((limits.milliCpus / 1000) * CPU_PERIOD_US));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** SIGKILL to every process left in the cgroups, then rmdir (retried while the kernel lets the dead go). */
async function removeCgroups(dirs: string[]): Promise<void> {
  for (let round = 0; round < 50; round++) {
    let left = 0;
    for (const dir of dirs) {
      const pids = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
      for (const pid of pids) killQuietly(pid);
      if (
        await rmdir(dir).then(
          () => false,
          (error: unknown) => (error as { code?: string }).code !== 'ENOENT',
        )
      )
        left++;
    }
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The cgroups of runs whose directory is gone (their owner crashed): whatever is inside is killed, then they go. */
export async function reapRunCgroups(isLive: (name: string) => boolean, root = CGROUP_ROOT): Promise<void> {
  const parents = [join(root, CGROUP_PARENT), ...['memory', 'pids', 'cpu'].map((controller) => join(root, controller, CGROUP_PARENT))];
  for (const parent of parents) {
    const names = await readdir(parent, { withFileTypes: true }).catch(() => []);
    const stale = names.filter((entry) => entry.isDirectory() && !isLive(entry.name)).map((entry) => join(parent, entry.name));
    await removeCgroups(stale);
  }
}
