import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import { SANDBOX_GID, SANDBOX_TMP_BYTES, SANDBOX_UID, WORKSPACE_DIR } from '../sandbox-defaults';
import type { SandboxJob, SandboxLimits } from '../../missions/ports/sandbox.port';

export const DEFAULT_SANDBOX_IMAGE = 'gantry-node:local';
export const IMAGE_BUILD_SCRIPT = 'scripts/build-sandbox-image.sh';

/** Every sandbox container carries these, so one left behind by a crashed process can be found by label. */
export const LABEL = {
  sandbox: 'gantry.sandbox',
  mission: 'gantry.mission',
  attempt: 'gantry.attempt',
  /** Optional: partitions an engine between test suites; a reaper takes only its own scope. */
  scope: 'gantry.scope',
  /** The Gantry installation (its database's id, installation-id.ts): a reaper takes only its own installation's runs. */
  installation: 'gantry.installation',
  /** The process that started the run (host name, pid, start time), so a reaper leaves live runs alone. */
  ownerHost: 'gantry.owner.host',
  ownerPid: 'gantry.owner.pid',
  ownerStart: 'gantry.owner.start',
} as const;

/** The OCI runtimes the Docker driver knows: gVisor's runsc (a second kernel in the way) and the engine's runc. */
export type DockerRuntime = 'runsc' | 'runc';

export interface ContainerOptions {
  runtime: DockerRuntime;
  /** The workspace's size bound. */
  diskBytes: number;
}

/**
 * Under gVisor the pids limit is the guest's own: RLIMIT_NPROC, which gVisor's kernel enforces for the
 * sandbox's user alone (a fork past it fails with EAGAIN, as under runc's pids cgroup). The host's pids cgroup
 * holds the Sentry itself, whose threads and ptrace stubs run to about 20 host tasks per guest task (measured:
 * 64 guest tasks, up to 2,334 host tasks; 256, up to 4,598): at the guest's limit the cgroup would stop the Sentry
 * and the whole sandbox would die unexplained. So the host cgroup gets this ceiling, a backstop for the Sentry.
 * (RLIMIT_NPROC under runc would count every host process of uid 1000, so runc keeps the cgroup limit alone.)
 */
export function runscHostTasks(guestPids: number): number {
  return guestPids * 24 + 2048;
}

function taskLimits(runtime: DockerRuntime, pids: number): Pick<HostConfig, 'PidsLimit' | 'Ulimits'> {
  if (runtime === 'runc') return { PidsLimit: pids };
  return { PidsLimit: runscHostTasks(pids), Ulimits: [{ Name: 'nproc', Soft: pids, Hard: pids }] };
}

/**
 * The container's command: unpack the workspace tar arriving on stdin into /workspace (a tmpfs that exists
 * only once the container runs), then become the job's `sh -c command`. busybox tar, as the sandbox user.
 */
const UNPACK_THEN_RUN = `tar -xf - -C ${WORKSPACE_DIR} && exec sh -c "$1"`;

/** Who a run belongs to on a shared engine: a test suite's scope, a Gantry installation (none: unlabelled). */
export interface SandboxPartition {
  scope?: string;
  installation?: string;
}

export function sandboxLabels(scope?: string, installation?: string): Record<string, string> {
  return {
    [LABEL.sandbox]: '1',
    ...(scope ? { [LABEL.scope]: scope } : {}),
    ...(installation ? { [LABEL.installation]: installation } : {}),
  };
}

export function labelFilter(scope?: string, installation?: string): string[] {
  return Object.entries(sandboxLabels(scope, installation)).map(([key, value]) => `${key}=${value}`);
}

/** An engine filter for exactly one partition: its labels, and none of the labels it lacks (`label!`, understood by prune). */
export function partitionFilter({ scope, installation }: SandboxPartition): Record<string, string[]> {
  const absent = [...(scope ? [] : [LABEL.scope]), ...(installation ? [] : [LABEL.installation])];
  return { label: labelFilter(scope, installation), ...(absent.length > 0 ? { 'label!': absent } : {}) };
}

/**
 * The container for one run: no network, no capabilities, no privilege gain, no swap, bounded memory, CPU
 * and processes (see runscHostTasks for gVisor), a read-only root, an unprivileged user and an empty environment, under `options.runtime`.
 * Every writable path is a size-bounded tmpfs: /tmp and /dev/shm (64 MB), and the workspace
 * (`options.diskBytes`), an anonymous volume of the local driver's tmpfs type, removed with the container.
 * A tmpfs volume is mounted afresh at each start (what `putArchive` wrote into a stopped container would be
 * lost), so the files arrive as a tar on stdin and the command unpacks them first (UNPACK_THEN_RUN).
 */
export function containerSpec(
  image: string,
  limits: SandboxLimits,
  job: SandboxJob,
  baseLabels: Record<string, string>,
  options: ContainerOptions,
): ContainerCreateOptions {
  const labels = { ...baseLabels, [LABEL.mission]: job.missionId, [LABEL.attempt]: String(job.attempt) };
  return {
    Image: image,
    Entrypoint: [],
    Cmd: ['sh', '-c', UNPACK_THEN_RUN, 'sh', job.command],
    Env: [],
    User: `${SANDBOX_UID}:${SANDBOX_GID}`,
    WorkingDir: WORKSPACE_DIR,
    Hostname: 'sandbox',
    Labels: labels,
    NetworkDisabled: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: true,
    StdinOnce: true,
    HostConfig: {
      Runtime: options.runtime,
      NetworkMode: 'none',
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.milliCpus * 1_000_000,
      ...taskLimits(options.runtime, limits.pids),
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${SANDBOX_TMP_BYTES},mode=1777` },
      ShmSize: SANDBOX_TMP_BYTES,
      Mounts: [
        {
          Type: 'volume',
          Source: '',
          Target: WORKSPACE_DIR,
          VolumeOptions: { NoCopy: true, Labels: labels, DriverConfig: { Name: 'local', Options: workspaceTmpfs(options.diskBytes) } },
        },
      ],
      // An init (docker-init, i.e. tini) as PID 1: the command is not PID 1, so it keeps the default signal
      // actions (a PID 1 ignores its own SIGABRT, and Node's out-of-heap abort then dies of SIGSEGV), and
      // zombies are reaped.
      Init: true,
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      Privileged: false,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    },
  };
}

/** The local volume driver's options for a tmpfs of `bytes`, owned by the sandbox user. */
function workspaceTmpfs(bytes: number): Record<string, string> {
  return { type: 'tmpfs', device: 'tmpfs', o: `size=${bytes},uid=${SANDBOX_UID},gid=${SANDBOX_GID},mode=0755,nosuid,nodev` };
}
