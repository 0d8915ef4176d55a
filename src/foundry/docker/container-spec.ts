import type { ContainerCreateOptions } from 'dockerode';
import { SANDBOX_GID, SANDBOX_UID, WORKSPACE_DIR } from '../sandbox-defaults';
import type { SandboxJob, SandboxLimits } from '../../missions/ports/sandbox.port';

export const DEFAULT_SANDBOX_IMAGE = 'gantry-node:local';
export const IMAGE_BUILD_SCRIPT = 'scripts/build-sandbox-image.sh';

/** Every sandbox container carries these, so one left behind by a crashed process can be found by label. */
export const LABEL = {
  sandbox: 'gantry.sandbox',
  mission: 'gantry.mission',
  attempt: 'gantry.attempt',
  /** Optional: partitions an engine (test suites, several installations); a reaper takes only its own scope. */
  scope: 'gantry.scope',
  /** The process that started the run (host name, pid, start time), so a reaper leaves live runs alone. */
  ownerHost: 'gantry.owner.host',
  ownerPid: 'gantry.owner.pid',
  ownerStart: 'gantry.owner.start',
} as const;

const TMP_SIZE = '64m';

export function sandboxLabels(scope?: string): Record<string, string> {
  return scope ? { [LABEL.sandbox]: '1', [LABEL.scope]: scope } : { [LABEL.sandbox]: '1' };
}

export function labelFilter(scope?: string): string[] {
  return Object.entries(sandboxLabels(scope)).map(([key, value]) => `${key}=${value}`);
}

/**
 * The container for one run: no network, no capabilities, no privilege gain, no swap, bounded memory, CPU
 * and processes, a read-only root, an unprivileged user and an empty environment. The workspace is an
 * anonymous volume (removed with the container) because Docker refuses `putArchive` into a read-only root
 * unless the target is a volume, and a tmpfs would hide what `putArchive` wrote before the start.
 */
export function containerSpec(image: string, limits: SandboxLimits, job: SandboxJob, baseLabels: Record<string, string>): ContainerCreateOptions {
  const labels = { ...baseLabels, [LABEL.mission]: job.missionId, [LABEL.attempt]: String(job.attempt) };
  return {
    Image: image,
    Entrypoint: [],
    Cmd: ['sh', '-c', job.command],
    Env: [],
    User: `${SANDBOX_UID}:${SANDBOX_GID}`,
    WorkingDir: WORKSPACE_DIR,
    Hostname: 'sandbox',
    Labels: labels,
    NetworkDisabled: true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      NetworkMode: 'none',
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.milliCpus * 1_000_000,
      PidsLimit: limits.pids,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${TMP_SIZE},mode=1777` },
      Mounts: [
        {
          Type: 'volume',
          Source: '',
          Target: WORKSPACE_DIR,
          VolumeOptions: { NoCopy: false, Labels: labels, DriverConfig: { Name: 'local', Options: {} } },
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
