/** Where generated code runs: never on the host, never on the network, never with a secret. */
export const SANDBOX = Symbol('SANDBOX');

export type SandboxDriver = 'docker' | 'bwrap' | 'process';

/** How strongly a build is held, strongest first; recorded in each BuildAttemptStarted (docs/architecture.md, the sandbox). */
export type SandboxTier = 'gvisor' | 'container' | 'bubblewrap' | 'process';

export interface SandboxFile {
  /** A relative POSIX path under the sandbox's working directory (already checked by the policy gate). */
  path: string;
  content: Buffer | string;
}

export interface SandboxLimits {
  memoryBytes: number;
  /** CPU share, in thousandths of a CPU (1000 = one core). */
  milliCpus: number;
  pids: number;
}

export interface SandboxJob {
  /** Identifies the attempt, so that one left running by a crashed process can be found and killed. */
  missionId: string;
  attempt: number;
  files: SandboxFile[];
  /** Run with `sh -c` in the working directory, as an unprivileged user, with an empty environment. */
  command: string;
  /** The dead man's switch: the run is killed after this long and reported as timed out. */
  timeoutMs: number;
}

export interface SandboxResult {
  /**
   * Null when the process was killed (timeout, out of memory). Docker keeps the process's own code when it
   * ended itself for want of memory (a Node heap abort: 134) and is null only for the kernel's OOM killer;
   * bubblewrap cannot tell the two apart and is null for every out-of-memory run.
   */
  exitCode: number | null;
  timedOut: boolean;
  /** The kernel's OOM killer struck, or the process failed after saying it ran out of memory (out-of-memory.ts). */
  oomKilled: boolean;
  /**
   * The run failed after a writable path (workspace, /tmp) ran out of room: it hit the sandbox's disk limit
   * (../../foundry/disk-limit.ts). Absent from a tier that does not bound the disk.
   */
  diskLimitHit?: boolean;
  durationMs: number;
  /** stdout and stderr interleaved, cut to the sandbox's output bound. */
  output: string;
  outputTruncated: boolean;
}

export interface SandboxAvailability {
  ok: boolean;
  /** What is in use, or what is missing and how to get it. */
  detail: string;
}

export interface AbandonedAttempt {
  missionId: string;
  attempt: number;
}

export interface Sandbox {
  readonly driver: SandboxDriver;
  readonly tier: SandboxTier;
  /** The image (docker) or root filesystem description (bwrap) builds run in. */
  readonly image: string;
  readonly limits: SandboxLimits;
  /** Set by a tier too weak for code a model wrote: the sentence the mission fails with (offline templates still run). */
  readonly modelCodeRefusal?: string | null;
  available(): Promise<SandboxAvailability>;
  run(job: SandboxJob): Promise<SandboxResult>;
  /** Kills and removes runs left behind by a previous process; says which attempts they were. */
  reapAbandoned(): Promise<AbandonedAttempt[]>;
}

export class SandboxUnavailableError extends Error {
  readonly code = 'SANDBOX_UNAVAILABLE';
}
