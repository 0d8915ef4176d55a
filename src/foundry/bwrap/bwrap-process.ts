import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BoundedOutput, type CutMarker } from '../bounded-output';
import { DiskLimitWatch } from '../disk-limit';
import { MemoryExhaustionWatch } from '../out-of-memory';
import type { RawExit } from './bwrap-verdict';

export interface BoundedRun extends RawExit {
  durationMs: number;
  output: BoundedOutput;
  sawMemoryExhaustion: boolean;
  sawDiskFull: boolean;
  /**
   * Inside the sandbox the command's stderr is joined to stdout, so the outer stderr carries only what the
   * host-side tools (nice, setpriv, bwrap, prlimit) said: its start tells a failed setup from a failed build.
   */
  stdoutBytes: number;
  stderrHead: string;
}

const STDERR_HEAD_BYTES = 4096;

/** This adapter's marker where the middle of the output was cut, naming the bound. */
export const BWRAP_CUT_MARKER: CutMarker = (cutBytes, limitBytes) => `[… ${cutBytes} bytes of output cut: the sandbox keeps ${limitBytes} …]`;

/** How long to wait for the pipes to close once the run was killed, before giving up on them. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Runs a command line (no shell) in its own process group with an empty host environment, collecting
 * stdout and stderr within `maxOutputBytes`. The dead man's switch: at `timeoutMs` the whole process group
 * gets SIGKILL. For bwrap that group is bwrap itself; its sandbox (own session, own pid namespace) dies with
 * it through --die-with-parent, and the kernel then kills everything left in the pid namespace.
 * `inheritFds` are handed to the child as descriptors 3, 4, … (the seccomp program). `stop` kills the group
 * the same way before the deadline (the embedded tier's disk limit).
 */
export function runBounded(argv: string[], timeoutMs: number, maxOutputBytes: number, inheritFds: number[] = [], stop?: AbortSignal): Promise<BoundedRun> {
  const watch = new MemoryExhaustionWatch();
  const disk = new DiskLimitWatch();
  // Made before the spawn: a bad bound throws here, with nothing started yet.
  const output = new BoundedOutput(maxOutputBytes, {
    cutMarker: BWRAP_CUT_MARKER,
    onChunk: (chunk) => {
      watch.push(chunk);
      disk.push(chunk);
    },
  });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      detached: true,
      // From /: the host shell in front of bwrap (cgroups) would otherwise hand Gantry's directory on as PWD.
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe', ...inheritFds],
      env: { PATH: '/usr/bin:/bin' },
    });
    const sink = new OutputSink(output, watch, disk, child);
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(child);
      grace = setTimeout(() => sink.abandon(), CLOSE_GRACE_MS);
    }, timeoutMs);
    const stopNow = (): void => killGroup(child);
    stop?.addEventListener('abort', stopNow, { once: true });
    child.once('error', (error) => {
      stop?.removeEventListener('abort', stopNow);
      clearTimeout(deadline);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      stop?.removeEventListener('abort', stopNow);
      clearTimeout(deadline);
      clearTimeout(grace);
      const durationMs = Math.round(performance.now() - started);
      resolve({ exitCode, signal, timedOut, durationMs, ...sink.collected() });
    });
  });
}

/** Reads both pipes into one bounded output (which feeds the memory-exhaustion watch on the way). */
class OutputSink {
  private stdoutBytes = 0;
  private stderrHead = '';

  constructor(
    private readonly output: BoundedOutput,
    private readonly watch: MemoryExhaustionWatch,
    private readonly disk: DiskLimitWatch,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdoutBytes += chunk.length;
      output.append(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderrHead.length < STDERR_HEAD_BYTES) this.stderrHead += chunk.toString('utf8', 0, STDERR_HEAD_BYTES);
      output.append(chunk);
    });
  }

  collected(): Pick<BoundedRun, 'output' | 'sawMemoryExhaustion' | 'sawDiskFull' | 'stdoutBytes' | 'stderrHead'> {
    const { output, stdoutBytes, stderrHead } = this;
    return { output, sawMemoryExhaustion: this.watch.sawExhaustion, sawDiskFull: this.disk.saw, stdoutBytes, stderrHead };
  }

  /** Stops waiting for pipes that a killed run somehow still holds open. */
  abandon(): void {
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
