import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, constants, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from '../bounded-output';
import { hitDiskLimit } from '../disk-limit';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS, SANDBOX_TMP_BYTES } from '../sandbox-defaults';
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
import { createRunDir, populateWorkspace, removeRunDir, type HostUser, type RunDir } from './bwrap-workdir';
import { reapRunCgroups, RunCgroup } from './run-cgroup';
import { SECCOMP_FILTER } from './seccomp-filter';
import { ensureSandboxUser } from './sandbox-user';
import { errorMessage } from '../../kernel/error-message';

const MiB = 1024 * 1024;

export interface BwrapSandboxOptions {
  limits?: Partial<SandboxLimits>;
  /**
   * Where run directories are made (and looked for by reapAbandoned). Default: os.tmpdir(). As root it must
   * be searchable by the host user (like /tmp), or bwrap cannot bind the workspace and runs are refused.
   */
  workRoot?: string;
  /**
   * The host uid/gid the sandbox runs as when Gantry is root. Default: the system user gantry-sandbox, made
   * on first use (sandbox-user.ts), never a login user's uid. Inside the sandbox it is always uid 1000.
   */
  hostUser?: HostUser;
  /** The size of the sandbox's /workspace tmpfs (GANTRY_SANDBOX_DISK_MB). Default 256 MB. */
  diskBytes?: number;
  /** Install the seccomp filter (seccomp-filter.ts). Default true. */
  seccomp?: boolean;
  /** As root, put the whole sandbox in its own memory, CPU and pids cgroup (run-cgroup.ts). Default true. */
  cgroup?: boolean;
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
 * the host's /usr read-only, no host /etc, the job's files copied into a size-bounded tmpfs /workspace, run as
 * uid 1000 (on the host: the dedicated gantry-sandbox user when Gantry is root) with an empty environment, a
 * seccomp filter, and, as root, a cgroup holding the whole sandbox's memory, CPU and tasks (rlimits as well,
 * per process, and alone when not root).
 */
export class BwrapSandbox implements Sandbox {
  readonly driver = 'bwrap';
  readonly tier = 'bubblewrap' as const;
  readonly image = 'host /usr read-only; tmpfs /workspace and /tmp; no /etc, /home, /root or network';
  readonly limits: SandboxLimits;
  private readonly tools: BwrapTools;
  private readonly workRoot: string;
  private hostUser: Promise<HostUser | null> | null = null;
  private readonly explicitHostUser?: HostUser;
  private readonly maxOutputBytes: number;
  private readonly tmpfsBytes: number;
  private readonly diskBytes: number;
  private readonly seccomp: boolean;
  private readonly cgroup: boolean;
  private readonly addressSpaceOverheadBytes: number;

  constructor(options: BwrapSandboxOptions = {}) {
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.tools = { ...DEFAULT_TOOLS, ...options.tools };
    this.workRoot = options.workRoot ?? tmpdir();
    this.explicitHostUser = options.hostUser;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.tmpfsBytes = options.tmpfsBytes ?? SANDBOX_TMP_BYTES;
    this.diskBytes = options.diskBytes ?? DEFAULT_SANDBOX_DISK_BYTES;
    this.seccomp = options.seccomp ?? true;
    this.cgroup = options.cgroup ?? true;
    this.addressSpaceOverheadBytes = options.addressSpaceOverheadBytes ?? 4096 * MiB;
  }

  async available(): Promise<SandboxAvailability> {
    const missing = await this.missingTools();
    if (missing.length > 0) return unavailable(`${missing.join(', ')} not found`);
    const probe = await this.probe();
    if (probe.exitCode !== 0) return unavailable(`a trivial run failed: ${probe.output.trim().slice(-500)}`);
    const version = await this.bwrapVersion();
    return { ok: true, detail: `${version} at ${this.tools.bwrap}, node ${probe.output.trim()}, ${await this.limitsDetail()}` };
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    if (await this.isMissing(this.tools.bwrap)) {
      throw new SandboxUnavailableError(`bwrap not found at ${this.tools.bwrap}: ${INSTALL_HINT}`);
    }
    const hostUser = await this.sandboxHostUser();
    const dir = await createRunDir(this.workRoot, job.missionId, job.attempt);
    let cgroup: RunCgroup | null = null;
    try {
      await populateWorkspace(dir.workspace, job.files, hostUser);
      cgroup = this.cgroup ? await RunCgroup.create(basename(dir.root), this.limits) : null;
      const argv = bwrapCommandLine({
        tools: this.tools,
        dir,
        limits: this.limits,
        hostUser,
        addressSpaceBytes: this.limits.memoryBytes + this.addressSpaceOverheadBytes,
        tmpfsBytes: this.tmpfsBytes,
        diskBytes: this.diskBytes,
        seccomp: this.seccomp,
        cgroupProcs: cgroup?.procsFiles ?? [],
        timeoutMs: job.timeoutMs,
        command: job.command,
      });
      const raw = await this.runWithFilter(dir, argv, job.timeoutMs);
      throwIfSetupFailed(raw);
      const verdict = verdictOf(raw, raw.sawMemoryExhaustion || (await cgroup?.oomKilled()) === true);
      const diskLimitHit = !verdict.oomKilled && hitDiskLimit(verdict, raw.sawDiskFull);
      return { ...verdict, diskLimitHit, durationMs: raw.durationMs, output: raw.output.text(), outputTruncated: raw.output.truncated };
    } finally {
      await cgroup?.destroy();
      await removeRunDir(dir.root);
    }
  }

  async reapAbandoned(): Promise<AbandonedAttempt[]> {
    const reaped = await reapRunDirs(this.workRoot);
    await reapRunCgroups((name) => existsSync(join(this.workRoot, name)));
    return reaped;
  }

  /** The seccomp program goes to bwrap on descriptor 3, from a file in the run directory bwrap never shows. */
  private async runWithFilter(dir: RunDir, argv: string[], timeoutMs: number): Promise<BoundedRun> {
    if (!this.seccomp) return runBounded(argv, timeoutMs, this.maxOutputBytes);
    const path = join(dir.root, 'seccomp.bpf');
    await writeFile(path, SECCOMP_FILTER, { mode: 0o600 });
    const filter = await open(path, 'r');
    try {
      return await runBounded(argv, timeoutMs, this.maxOutputBytes, [filter.fd]);
    } finally {
      await filter.close();
    }
  }

  /** As root: the given host user, or the dedicated gantry-sandbox account (made once). Not root: none. */
  private sandboxHostUser(): Promise<HostUser | null> {
    if (process.getuid?.() !== 0) return Promise.resolve(null);
    this.hostUser ??= this.explicitHostUser ? Promise.resolve(this.explicitHostUser) : ensureSandboxUser();
    this.hostUser.catch(() => (this.hostUser = null));
    return this.hostUser;
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

  private async limitsDetail(): Promise<string> {
    const { memoryBytes, pids } = this.limits;
    const hostUser = await this.sandboxHostUser();
    const who = hostUser ? `host uid ${hostUser.uid} via setpriv` : `host uid ${String(process.getuid?.())}, not root`;
    const whole = this.cgroup && process.getuid?.() === 0 ? 'a cgroup for the whole sandbox and ' : '';
    const filter = this.seccomp ? 'seccomp filter, ' : '';
    return (
      `uid 1000 in the sandbox (${who}), no network, ${filter}workspace ${Math.round(this.diskBytes / MiB)} MB (tmpfs), ` +
      `memory ${memoryBytes} bytes, ${pids} tasks (${whole}RLIMIT_DATA, RLIMIT_NPROC per process)`
    );
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
  if (raw.exitCode === 1 && raw.stdoutBytes === 0 && /^(bwrap|setpriv|nice|prlimit|gantry-cgroup): /.test(raw.stderrHead)) {
    throw new SandboxUnavailableError(`the bwrap sandbox could not be set up: ${raw.stderrHead.split('\n')[0]}`);
  }
}
