import { access, constants, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../kernel/error-message';
import { isWorldReachable, ownDirectory, worldReadableCopy } from '../../kernel/world-reachable';
import {
  SandboxUnavailableError,
  type AbandonedAttempt,
  type Sandbox,
  type SandboxAvailability,
  type SandboxJob,
  type SandboxLimits,
  type SandboxResult,
} from '../../missions/ports/sandbox.port';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from '../bounded-output';
import { runBounded, type BoundedRun } from '../bwrap/bwrap-process';
import { PROBE_MISSION_ID, reapRunDirs } from '../bwrap/bwrap-reaper';
import { verdictOf } from '../bwrap/bwrap-verdict';
import { createRunDir, populateWorkspace, removeRunDir, type HostUser } from '../bwrap/bwrap-workdir';
import { hitDiskLimit } from '../disk-limit';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS } from '../sandbox-defaults';
import { DEFAULT_PROCESS_TOOLS, processCommandLine, type ProcessTools } from './process-args';
import { nodeInvocation, ProcessCommandError, type NodeInvocation } from './process-command';
import { WorkspaceQuota } from './workspace-quota';

const MiB = 1024 * 1024;

/** What to install for a real sandbox: said whenever this tier refuses something. */
export const STRONGER_TIER_HINT = 'install Docker (apt-get install docker.io, then scripts/build-sandbox-image.sh) or bubblewrap (apt-get install bubblewrap)';

export interface ProcessSandboxOptions {
  limits?: Partial<SandboxLimits>;
  /** Whether code written by a model may run here (only when the operator chose GANTRY_SANDBOX=process). */
  allowModelCode?: boolean;
  /** Where run directories are made and looked for by reapAbandoned. Default: <os.tmpdir()>/gantry-process. */
  workRoot?: string;
  /** The Node that runs builds. Default: the one running Gantry (Node 24). */
  node?: string;
  /** As root, where a copy of Node goes when the host user cannot reach `node` (a clone under /root). */
  sharedRoot?: string;
  hostUser?: HostUser;
  tools?: Partial<ProcessTools>;
  maxOutputBytes?: number;
  /** RLIMIT_FSIZE: the largest file a build may write (never more than the disk limit). */
  fileSizeBytes?: number;
  /** The workspace's size bound (GANTRY_SANDBOX_DISK_MB). Default 256 MB. See WorkspaceQuota. */
  diskBytes?: number;
}

/**
 * The embedded tier (docs/architecture.md, the sandbox): for machines with neither Docker nor bubblewrap.
 * Node itself runs the job (no shell) under Node's permission model, inside user/network/PID/mount/IPC/UTS
 * namespaces when the kernel allows them, as an unprivileged user, with rlimits, an empty environment and a
 * fresh workspace. It shares the host's filesystem view (Node's permission model, not a mount, keeps the
 * build in its workspace) and has no cgroup: see the README for what only the stronger tiers stop.
 */
export class ProcessSandbox implements Sandbox {
  readonly driver = 'process' as const;
  readonly tier = 'process' as const;
  readonly limits: SandboxLimits;
  readonly modelCodeRefusal: string | null;
  private readonly tools: ProcessTools;
  private readonly workRoot: string;
  private readonly hostUser: HostUser | null;
  private readonly maxOutputBytes: number;
  private readonly fileSizeBytes: number;
  private readonly diskBytes: number;
  private readonly sourceNode: string;
  private readonly sharedRoot: string;
  private node: string | null = null;
  /** Probed by available(): null until then (run() probes itself when needed). */
  private namespaces: boolean | null = null;

  constructor(options: ProcessSandboxOptions = {}) {
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.tools = { ...DEFAULT_PROCESS_TOOLS, ...options.tools };
    this.workRoot = options.workRoot ?? join(tmpdir(), 'gantry-process');
    this.hostUser = process.getuid?.() === 0 ? (options.hostUser ?? { uid: 1000, gid: 1000 }) : null;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.diskBytes = options.diskBytes ?? DEFAULT_SANDBOX_DISK_BYTES;
    this.fileSizeBytes = Math.min(options.fileSizeBytes ?? 64 * MiB, this.diskBytes);
    this.sourceNode = options.node ?? process.execPath;
    this.sharedRoot = options.sharedRoot ?? join(tmpdir(), 'gantry-shared');
    this.modelCodeRefusal = options.allowModelCode
      ? null
      : `Code written by a model is not run in the embedded process sandbox unless GANTRY_SANDBOX=process is set: ${STRONGER_TIER_HINT}.`;
  }

  get image(): string {
    const isolation =
      this.namespaces === false ? 'no namespaces (the kernel refused them), network open' : 'user, network (none), PID, mount, IPC and UTS namespaces';
    return `embedded: Node ${process.version} --permission (workspace only, no child processes, workers or addons), ${isolation}, rlimits; no container, no seccomp, no cgroup`;
  }

  async available(): Promise<SandboxAvailability> {
    const missing = await this.missingTools();
    if (missing.length > 0) return { ok: false, detail: `process sandbox unavailable: ${missing.join(', ')} not found (util-linux, coreutils)` };
    this.namespaces = true;
    let probe = await this.probe();
    if (probe.exitCode !== 0) {
      this.namespaces = false;
      probe = await this.probe();
    }
    if (probe.exitCode !== 0) return { ok: false, detail: `process sandbox unavailable: a trivial run failed: ${probe.output.trim().slice(-500)}` };
    return { ok: true, detail: `${this.image}; ${this.limitsDetail()}` };
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    if (this.namespaces === null && !(await this.available()).ok)
      throw new SandboxUnavailableError(`the process sandbox does not work here: ${STRONGER_TIER_HINT}`);
    await ownDirectory(this.workRoot, 0o711);
    const dir = await createRunDir(this.workRoot, job.missionId, job.attempt);
    try {
      await populateWorkspace(dir.workspace, job.files, null);
      const invocation = this.invocationOf(job.command, job.files);
      await mkdir(join(dir.workspace, '.tmp'), { mode: 0o755 });
      if (this.hostUser) await populateWorkspace(dir.workspace, [], this.hostUser);
      const argv = processCommandLine({
        tools: this.tools,
        node: await this.reachableNode(),
        workspace: dir.workspace,
        limits: this.limits,
        hostUser: this.hostUser,
        namespaces: this.namespaces !== false,
        dataBytes: this.limits.memoryBytes + 1024 * MiB,
        addressSpaceBytes: this.limits.memoryBytes + 4096 * MiB,
        fileSizeBytes: this.fileSizeBytes,
        timeoutMs: job.timeoutMs,
        invocation,
      });
      const quota = new WorkspaceQuota(dir.workspace, this.diskBytes);
      const raw = await quota.during((stop) => runBounded(argv, job.timeoutMs, this.maxOutputBytes, [], stop));
      throwIfSetupFailed(raw);
      if (quota.exceeded) raw.output.append(Buffer.from(quota.notice()));
      return { ...quotaVerdict(raw, quota.exceeded), durationMs: raw.durationMs, output: raw.output.text(), outputTruncated: raw.output.truncated };
    } finally {
      await removeRunDir(dir.root);
    }
  }

  reapAbandoned(): Promise<AbandonedAttempt[]> {
    return reapRunDirs(this.workRoot);
  }

  private invocationOf(command: string, files: SandboxJob['files']): NodeInvocation {
    try {
      const manifest = files.find((file) => file.path === 'package.json');
      return nodeInvocation(command, () => (manifest ? parseScripts(manifest.content) : null));
    } catch (error) {
      if (error instanceof ProcessCommandError)
        throw new SandboxUnavailableError(`The process sandbox runs only plain node commands: ${error.message}; ${STRONGER_TIER_HINT}.`);
      throw error;
    }
  }

  /** As root, the host user must reach Node: a private clone's node_modules is copied out once. */
  private async reachableNode(): Promise<string> {
    if (this.node) return this.node;
    const reachable = !this.hostUser || (await isWorldReachable(this.sourceNode, true));
    this.node = reachable ? this.sourceNode : await worldReadableCopy(this.sourceNode, this.sharedRoot, `node-${process.version}`);
    return this.node;
  }

  private async probe(): Promise<Pick<SandboxResult, 'exitCode' | 'output'>> {
    const files = [{ path: 'probe.js', content: 'console.log(process.version)\n' }];
    const job: SandboxJob = { missionId: PROBE_MISSION_ID, attempt: 0, files, command: 'node probe.js', timeoutMs: 15_000 };
    return this.run(job).catch((error: unknown) => ({ exitCode: null, output: errorMessage(error) }));
  }

  private async missingTools(): Promise<string[]> {
    const { unshare, setpriv, prlimit, nice, env } = this.tools;
    const tools = [unshare, setpriv, prlimit, nice, env];
    const usable = await Promise.all(
      tools.map((tool) =>
        access(tool, constants.X_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    return tools.filter((_, index) => !usable[index]);
  }

  private limitsDetail(): string {
    const { memoryBytes, pids } = this.limits;
    const who = this.hostUser ? `host uid ${this.hostUser.uid} via setpriv` : `host uid ${String(process.getuid?.())}, not root`;
    return `${who}, JS heap ${Math.floor(memoryBytes / MiB)} MiB, ${pids} tasks (RLIMIT_NPROC), files up to ${Math.floor(this.fileSizeBytes / MiB)} MiB, workspace ${Math.floor(this.diskBytes / MiB)} MiB (measured)`;
  }
}

/** Stopped by the disk quota (a SIGKILL that is not memory's), or failed saying a disk or file was full. */
function quotaVerdict(raw: BoundedRun, stoppedByQuota: boolean): Pick<SandboxResult, 'exitCode' | 'timedOut' | 'oomKilled' | 'diskLimitHit'> {
  if (stoppedByQuota && !raw.timedOut) return { exitCode: null, timedOut: false, oomKilled: false, diskLimitHit: true };
  const verdict = verdictOf(raw, raw.sawMemoryExhaustion);
  return { ...verdict, diskLimitHit: !verdict.oomKilled && hitDiskLimit(verdict, raw.sawDiskFull) };
}

function parseScripts(content: Buffer | string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(content.toString()) as { scripts?: unknown };
    return typeof parsed.scripts === 'object' && parsed.scripts !== null ? (parsed.scripts as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** unshare/setpriv/prlimit/env say so on stderr and exit 1 when they cannot set the run up: not the build's failure. */
function throwIfSetupFailed(raw: BoundedRun): void {
  if (
    (raw.exitCode === 1 || raw.exitCode === 125 || raw.exitCode === 126 || raw.exitCode === 127) &&
    raw.stdoutBytes === 0 &&
    /^(unshare|setpriv|nice|prlimit|env): /.test(raw.stderrHead)
  ) {
    throw new SandboxUnavailableError(`the process sandbox could not be set up: ${raw.stderrHead.split('\n')[0]}`);
  }
}
