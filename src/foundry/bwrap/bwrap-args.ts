import { SANDBOX_GID, SANDBOX_UID, WORKSPACE_DIR } from '../sandbox-defaults';
import type { SandboxLimits } from '../../missions/ports/sandbox.port';
import type { HostUser, RunDir } from './bwrap-workdir';

export interface BwrapTools {
  bwrap: string;
  setpriv: string;
  prlimit: string;
  nice: string;
  /** Runs the few words that put the sandbox into its cgroup before anything else starts. */
  sh: string;
}

export const DEFAULT_TOOLS: BwrapTools = {
  bwrap: '/usr/bin/bwrap',
  setpriv: '/usr/bin/setpriv',
  prlimit: '/usr/bin/prlimit',
  nice: '/usr/bin/nice',
  sh: '/bin/sh',
};

/** Where the job's files appear read-only inside the sandbox, to be copied into the size-bounded /workspace. */
export const FILES_DIR = '/run/workspace-files';
/** The descriptor the seccomp program arrives on (the spawn's fourth stdio slot). */
export const SECCOMP_FD = 3;

export interface BwrapRunSpec {
  tools: BwrapTools;
  dir: RunDir;
  limits: SandboxLimits;
  /** The host user to become before starting bwrap (when Gantry is root); null to stay who we are. */
  hostUser: HostUser | null;
  /** RLIMIT_AS for every process in the sandbox, a backstop well above the memory limit (see BwrapSandboxOptions). */
  addressSpaceBytes: number;
  tmpfsBytes: number;
  /** The size of the /workspace tmpfs: the disk limit. */
  diskBytes: number;
  /** Whether a seccomp program waits on SECCOMP_FD. */
  seccomp: boolean;
  /** The cgroup.procs files to join before anything starts (RunCgroup); empty for none. */
  cgroupProcs: string[];
  timeoutMs: number;
  command: string;
}

/**
 * `sh -c` on the host, before nice: writes its own pid into each cgroup.procs (so bwrap and all it starts are
 * inside from the first instruction), then execs the rest. The paths are arguments, never interpolated.
 */
const JOIN_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || { echo "gantry-cgroup: cannot join $1" >&2; exit 1; }; shift; done; shift; exec "$@"';

/** The whole command line: nice → setpriv → bwrap → (inside) prlimit → sh. No shell on the host side. */
export function bwrapCommandLine(spec: BwrapRunSpec): string[] {
  const joinCgroups = spec.cgroupProcs.length > 0 ? [spec.tools.sh, '-c', JOIN_CGROUPS, 'gantry-cgroup', ...spec.cgroupProcs, '--'] : [];
  return [
    ...joinCgroups,
    spec.tools.nice,
    '-n',
    '10',
    ...privilegeDrop(spec.tools.setpriv, spec.hostUser),
    spec.tools.bwrap,
    ...namespaceArgs(),
    ...filesystemArgs(spec.dir, spec.tmpfsBytes, spec.diskBytes),
    ...environmentArgs(),
    ...(spec.seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
    '--',
    ...limitArgs(spec),
    ...shellArgs(spec.command),
  ];
}

/**
 * As root: become the dedicated host user with no groups, no capabilities (not even in the bounding set)
 * and no_new_privs, then run bwrap unprivileged (it needs unprivileged user namespaces). Not root: keep the
 * uid and only set no_new_privs.
 */
function privilegeDrop(setpriv: string, hostUser: HostUser | null): string[] {
  if (!hostUser) return [setpriv, '--no-new-privs'];
  return [setpriv, `--reuid=${hostUser.uid}`, `--regid=${hostUser.gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs'];
}

/** Every namespace (network included), user 1000 inside, no nested user namespaces, killed with its parent. */
function namespaceArgs(): string[] {
  return [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_GID),
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
  ];
}

/**
 * The filesystem: /usr read-only (with the usual /bin, /lib, /lib64, /sbin links into it), no host /etc at
 * all (only a made-up /etc/passwd), a fresh /proc and minimal /dev, bounded tmpfs for /tmp and /dev/shm,
 * the job's files read-only at FILES_DIR, /workspace a tmpfs of `diskBytes` (the files are copied in by
 * shellArgs), and everything else (the root, /dev, /etc) read-only. No path the build can write is on the
 * host's disk.
 */
function filesystemArgs(dir: RunDir, tmpfsBytes: number, diskBytes: number): string[] {
  return [
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--ro-bind',
    dir.passwd,
    '/etc/passwd',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--remount-ro',
    '/dev',
    '--size',
    String(tmpfsBytes),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(tmpfsBytes),
    '--tmpfs',
    '/tmp',
    '--ro-bind',
    dir.workspace,
    FILES_DIR,
    '--perms',
    '0755',
    '--size',
    String(diskBytes),
    '--tmpfs',
    WORKSPACE_DIR,
    '--remount-ro',
    '/',
    '--chdir',
    WORKSPACE_DIR,
  ];
}

function environmentArgs(): string[] {
  return ['--clearenv', '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'HOME', WORKSPACE_DIR, '--setenv', 'LANG', 'C.UTF-8'];
}

/**
 * Applied inside the sandbox, after bwrap made its user namespace, so RLIMIT_NPROC counts this run's
 * processes and threads only (the kernel counts per user namespace and uid), not every process of the host
 * uid. All of these limits are per process, except RLIMIT_NPROC.
 *   - memory: RLIMIT_DATA = the memory limit. Since Linux 4.7 it counts private writable mappings, i.e.
 *     what a process actually allocates (heap, Buffers, malloc), not V8's PROT_NONE reservations, so Node
 *     starts at about 50 MB of it and worker threads cost little. RLIMIT_AS is only a backstop for shared
 *     anonymous mappings, which RLIMIT_DATA does not count; it must leave room for V8's reservations
 *     (about 730 MB for the main isolate, about 600 MB per worker thread).
 *   - CPU: RLIMIT_CPU is what a quota of `milliCpus` would allow over the whole timeout (SIGXCPU at the
 *     soft limit, reported as a timeout); nice 10 (set outside) yields the CPU to the host under contention.
 */
function limitArgs(spec: BwrapRunSpec): string[] {
  const cpuSeconds = Math.max(1, Math.ceil((spec.timeoutMs / 1000) * (spec.limits.milliCpus / 1000)));
  return [
    spec.tools.prlimit,
    `--nproc=${spec.limits.pids}`,
    `--data=${spec.limits.memoryBytes}`,
    `--as=${spec.addressSpaceBytes}`,
    `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
    '--core=0',
    '--',
  ];
}

/**
 * `sh -c command` with stderr joined to stdout inside the sandbox, so the two arrive truly interleaved, after
 * copying the job's files into the bounded /workspace (a project larger than the disk limit fails here, with ENOSPC).
 */
function shellArgs(command: string): string[] {
  return ['/bin/sh', '-c', `exec 2>&1; cp -pR ${FILES_DIR}/. ${WORKSPACE_DIR}/ && exec /bin/sh -c "$1"`, 'sh', command];
}
