import type { SandboxLimits } from '../../missions/ports/sandbox.port';
import type { HostUser } from '../bwrap/bwrap-workdir';
import type { NodeInvocation } from './process-command';

export interface ProcessTools {
  unshare: string;
  setpriv: string;
  prlimit: string;
  nice: string;
  env: string;
}

export const DEFAULT_PROCESS_TOOLS: ProcessTools = {
  unshare: '/usr/bin/unshare',
  setpriv: '/usr/bin/setpriv',
  prlimit: '/usr/bin/prlimit',
  nice: '/usr/bin/nice',
  env: '/usr/bin/env',
};

export interface ProcessRunSpec {
  tools: ProcessTools;
  /** The Node binary (Gantry's own Node 24, reachable by the host user). */
  node: string;
  workspace: string;
  limits: SandboxLimits;
  /** Become this host user first (Gantry is root); null to stay who we are. */
  hostUser: HostUser | null;
  /** Whether the kernel lets us make user, network, PID, mount, IPC and UTS namespaces (probed). */
  namespaces: boolean;
  /** RLIMIT_DATA: Node 24 reserves about 560 MiB of it before running a line, so the JS heap is capped apart. */
  dataBytes: number;
  addressSpaceBytes: number;
  fileSizeBytes: number;
  timeoutMs: number;
  invocation: NodeInvocation;
}

/**
 * nice → setpriv → unshare (when permitted) → prlimit → env -i → node --permission. No shell anywhere;
 * every argument is Gantry's except the relative paths of the invocation, which parseNodeCommand checked.
 */
export function processCommandLine(spec: ProcessRunSpec): string[] {
  return [
    spec.tools.nice,
    '-n',
    '10',
    ...privilegeDrop(spec.tools.setpriv, spec.hostUser),
    ...(spec.namespaces ? namespaceArgs(spec.tools.unshare, spec.workspace) : []),
    ...limitArgs(spec),
    spec.tools.env,
    '-i',
    ...(spec.namespaces ? [] : ['-C', spec.workspace]),
    'PATH=/usr/bin:/bin',
    `HOME=${spec.workspace}`,
    `TMPDIR=${spec.workspace}/.tmp`,
    'LANG=C.UTF-8',
    spec.node,
    ...nodeArgs(spec),
  ];
}

/**
 * As root: the host user with no groups, no capabilities and no_new_privs (as the bubblewrap driver does).
 * --pdeathsig: if Gantry dies (even SIGKILL), the run is killed with it (unshare's --kill-child passes it on).
 */
function privilegeDrop(setpriv: string, hostUser: HostUser | null): string[] {
  const always = ['--no-new-privs', '--pdeathsig=KILL'];
  if (!hostUser) return [setpriv, ...always];
  return [setpriv, `--reuid=${hostUser.uid}`, `--regid=${hostUser.gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', ...always];
}

/**
 * A user namespace (the host user seen as 1000), no network at all (not even loopback: its interface stays
 * down), its own PID namespace (Node is pid 1; everything dies with it), its own /proc, IPC and hostname.
 * --kill-child: if unshare is killed (the dead man's switch, the reaper), so is the run.
 */
function namespaceArgs(unshare: string, workspace: string): string[] {
  return [
    unshare,
    '--map-user=1000',
    '--map-group=1000',
    '--net',
    '--pid',
    '--kill-child',
    '--mount',
    '--mount-proc',
    '--ipc',
    '--uts',
    '--wd',
    workspace,
    '--',
  ];
}

/** Per-process rlimits (no cgroup here): see ProcessSandboxOptions for why the data limit is not the memory limit. */
function limitArgs(spec: ProcessRunSpec): string[] {
  const cpuSeconds = Math.max(1, Math.ceil((spec.timeoutMs / 1000) * (spec.limits.milliCpus / 1000)));
  return [
    spec.tools.prlimit,
    `--nproc=${spec.limits.pids}`,
    `--data=${spec.dataBytes}`,
    `--as=${spec.addressSpaceBytes}`,
    `--fsize=${spec.fileSizeBytes}`,
    '--nofile=256',
    `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
    '--core=0',
    '--',
  ];
}

/**
 * Node's permission model: reads and writes only inside the workspace; no child processes, worker threads,
 * native addons, WASI or inspector (none of --allow-child-process, --allow-worker, --allow-addons, …).
 * The V8 heap is capped at the memory limit. `node --test` runs its files in this one process.
 */
function nodeArgs(spec: ProcessRunSpec): string[] {
  const heapMiB = Math.max(16, Math.floor(spec.limits.memoryBytes / (1024 * 1024)));
  // The workspace as an argument of its own: the reaper finds a run's processes by it (bwrap-reaper.ts).
  const permission = ['--permission', '--allow-fs-read', spec.workspace, '--allow-fs-write', spec.workspace, `--max-old-space-size=${heapMiB}`];
  const { test, paths } = spec.invocation;
  return [...permission, ...(test ? ['--test', '--test-isolation=none'] : []), ...paths];
}
