import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from '../bounded-output';
import { DEFAULT_SANDBOX_LIMITS } from '../sandbox-defaults';
import {
  SandboxUnavailableError,
  type AbandonedAttempt,
  type Sandbox,
  type SandboxAvailability,
  type SandboxJob,
  type SandboxLimits,
  type SandboxResult,
} from '../../missions/ports/sandbox.port';
import { bwrapCommandLine, DEFAULT_TOOLS, type BwrapTools } from './bwrap-args';
import { runBounded, type BoundedRun } from './bwrap-process';
import { PROBE_MISSION_ID, reapRunDirs } from './bwrap-reaper';
import { verdictOf } from './bwrap-verdict';
import { createRunDir, populateWorkspace, removeRunDir, type HostUser } from './bwrap-workdir';
import { errorMessage } from '../../kernel/error-message';

const MiB = 1024 * 1024;

export interface BwrapSandboxOptions {
  limits?: Partial<SandboxLimits>;
  /**
   * Where run directories are made (and looked for by reapAbandoned). Default: os.tmpdir(). As root it must
   * be searchable by the host user (like /tmp), or bwrap cannot bind the workspace and runs are refused.
   */
  workRoot?: string;
  /** The host uid/gid the sandbox runs as when Gantry is root. Default 1000/1000, as the Docker adapter's user. */
  hostUser?: HostUser;
  tools?: Partial<BwrapTools>;
  /** Output kept per run (head and tail); beyond it the middle is cut and `outputTruncated` is set. */
  maxOutputBytes?: number;
  /** Size of each of the sandbox's tmpfs mounts (/tmp and /dev/shm), which live in host memory. */
  tmpfsBytes?: number;
  /**
   * The memory limit is RLIMIT_DATA (see bwrap-args.ts). RLIMIT_AS, a backstop for what RLIMIT_DATA does
   * not count, is the memory limit plus this much (default 4 GiB): Node 20 reserves about 730 MB of address
   * space before running a line and about 600 MB per worker thread, so less would break worker pools.
   */
  addressSpaceOverheadBytes?: number;
}

const execFileAsync = promisify(execFile);
const INSTALL_HINT =
  'install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces ' +
  '(sysctl user.max_user_namespaces > 0; kernel.unprivileged_userns_clone=1 on older Debian kernels; ' +
  'kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04)';

/**
 * The Linux fallback sandbox (docs/architecture.md, the sandbox): bubblewrap with every namespace unshared (no network),
 * the host's /usr read-only, no host /etc, the job's files in a fresh directory bound at /workspace, run as
 * uid 1000 with an empty environment, with rlimits standing in for Docker's cgroup limits.
 */
export class BwrapSandbox implements Sandbox {
  readonly driver = 'bwrap';
  readonly tier = 'bubblewrap' as const;
  readonly image = 'host /usr read-only; /workspace read-write; tmpfs /tmp; no /etc, /home, /root or network';
  readonly limits: SandboxLimits;
  private readonly tools: BwrapTools;
  private readonly workRoot: string;
  private readonly hostUser: HostUser | null;
  private readonly maxOutputBytes: number;
  private readonly tmpfsBytes: number;
  private readonly addressSpaceOverheadBytes: number;

  constructor(options: BwrapSandboxOptions = {}) {
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.tools = { ...DEFAULT_TOOLS, ...options.tools };
    this.workRoot = options.workRoot ?? tmpdir();
    this.hostUser = process.getuid?.() === 0 ? (options.hostUser ?? { uid: 1000, gid: 1000 }) : null;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.tmpfsBytes = options.tmpfsBytes ?? 128 * MiB;
    this.addressSpaceOverheadBytes = options.addressSpaceOverheadBytes ?? 4096 * MiB;
  }

  async available(): Promise<SandboxAvailability> {
    const missing = await this.missingTools();
    if (missing.length > 0) return unavailable(`${missing.join(', ')} not found`);
    const probe = await this.probe();
    if (probe.exitCode !== 0) return unavailable(`a trivial run failed: ${probe.output.trim().slice(-500)}`);
    const version = await this.bwrapVersion();
    return { ok: true, detail: `${version} at ${this.tools.bwrap}, node ${probe.output.trim()}, ${this.limitsDetail()}` };
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    if (await this.isMissing(this.tools.bwrap)) {
      throw new SandboxUnavailableError(`bwrap not found at ${this.tools.bwrap}: ${INSTALL_HINT}`);
    }
    const dir = await createRunDir(this.workRoot, job.missionId, job.attempt);
    try {
      await populateWorkspace(dir.workspace, job.files, this.hostUser);
      const argv = bwrapCommandLine({
        tools: this.tools,
        dir,
        limits: this.limits,
        hostUser: this.hostUser,
        addressSpaceBytes: this.limits.memoryBytes + this.addressSpaceOverheadBytes,
        tmpfsBytes: this.tmpfsBytes,
        timeoutMs: job.timeoutMs,
        command: job.command,
      });
      const raw = await runBounded(argv, job.timeoutMs, this.maxOutputBytes);
      throwIfSetupFailed(raw);
      const verdict = verdictOf(raw, raw.sawMemoryExhaustion);
      return { ...verdict, durationMs: raw.durationMs, output: raw.output.text(), outputTruncated: raw.output.truncated };
    } finally {
      await removeRunDir(dir.root);
    }
  }

  reapAbandoned(): Promise<AbandonedAttempt[]> {
    return reapRunDirs(this.workRoot);
  }

  /** A trivial run: proves that user namespaces are allowed and that node is there inside. */
  private probe(): Promise<Pick<SandboxResult, 'exitCode' | 'output'>> {
    const job: SandboxJob = { missionId: PROBE_MISSION_ID, attempt: 0, files: [], command: 'node --version', timeoutMs: 15_000 };
    return this.run(job).catch((error: unknown) => ({ exitCode: null, output: errorMessage(error) }));
  }

  private async missingTools(): Promise<string[]> {
    const needed = [this.tools.bwrap, this.tools.prlimit, this.tools.nice, this.tools.setpriv];
    const missing: string[] = [];
    for (const tool of needed) if (await this.isMissing(tool)) missing.push(tool);
    return missing;
  }

  private async isMissing(tool: string): Promise<boolean> {
    return access(tool, constants.X_OK).then(
      () => false,
      () => true,
    );
  }

  private async bwrapVersion(): Promise<string> {
    const { stdout } = await execFileAsync(this.tools.bwrap, ['--version'], { env: {} }).catch(() => ({ stdout: 'bwrap' }));
    return stdout.trim();
  }

  private limitsDetail(): string {
    const { memoryBytes, pids } = this.limits;
    const who = this.hostUser ? `host uid ${this.hostUser.uid} via setpriv` : `host uid ${String(process.getuid?.())}, not root`;
    return `uid 1000 in the sandbox (${who}), no network, ` + `memory ${memoryBytes} bytes per process (RLIMIT_DATA), ${pids} tasks (RLIMIT_NPROC)`;
  }
}

function unavailable(why: string): SandboxAvailability {
  return { ok: false, detail: `bwrap sandbox unavailable: ${why}; ${INSTALL_HINT}` };
}

/**
 * bwrap exits 1 with "bwrap: ..." on its own stderr when it cannot build the sandbox (no user namespaces,
 * an unreadable bind source). The command never ran then, so this is not the build's failure to heal.
 */
function throwIfSetupFailed(raw: BoundedRun): void {
  if (raw.exitCode === 1 && raw.stdoutBytes === 0 && /^(bwrap|setpriv|nice|prlimit): /.test(raw.stderrHead)) {
    throw new SandboxUnavailableError(`the bwrap sandbox could not be set up: ${raw.stderrHead.split('\n')[0]}`);
  }
}
