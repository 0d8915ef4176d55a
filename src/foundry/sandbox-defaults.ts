import type { SandboxLimits } from '../missions/ports/sandbox.port';

/** Both adapters' default limits: Docker enforces them with its cgroup, bubblewrap with rlimits. */
export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  memoryBytes: 512 * 1024 * 1024,
  milliCpus: 1000,
  pids: 256,
};

/** The unprivileged user (and group) every run uses inside the sandbox, and every job file belongs to. */
export const SANDBOX_UID = 1000;
export const SANDBOX_GID = 1000;

/** The working directory inside the sandbox: the job's files are there and its command runs there. */
export const WORKSPACE_DIR = '/workspace';

/** The default room for each sandbox's workspace (GANTRY_SANDBOX_DISK_MB); /tmp and /dev/shm have their own, smaller bounds. */
export const DEFAULT_SANDBOX_DISK_BYTES = 256 * 1024 * 1024;

/** /tmp (and Docker's /dev/shm) in every tier: a size-bounded tmpfs. */
export const SANDBOX_TMP_BYTES = 64 * 1024 * 1024;
