/**
 * Without a memory cgroup nothing tells bwrap "this run was OOM-killed", so it is inferred. RLIMIT_DATA and
 * RLIMIT_AS make allocations fail inside the process, which then says so in its own words before dying:
 *   - V8 heap:      "FATAL ERROR: ... Allocation failed - JavaScript heap out of memory", then SIGABRT (134)
 *   - V8 / C++:     "Fatal process OOM in ...", "std::bad_alloc", then SIGABRT or SIGTRAP
 *   - Buffers:      "RangeError: Array buffer allocation failed", exit 1
 *   - libc / shell: "Cannot allocate memory" (ENOMEM), "out of memory"; Python: "MemoryError"
 * A SIGKILL (137) that Gantry did not send is also taken as memory: inside the sandbox it comes from the
 * kernel's OOM killer (the host itself ran short) or from the RLIMIT_CPU hard limit, which sits past the
 * SIGXCPU soft limit. A program that SIGKILLs itself, or prints one of those phrases and fails, is misread.
 */
const MEMORY_EXHAUSTION =
  /out of memory|\bOOM\b|Array buffer allocation failed|ERR_MEMORY_ALLOCATION_FAILED|Cannot allocate memory|bad_alloc|could not allocate memory|\bMemoryError\b/i;

/** Longer than the longest phrase above, so a phrase split across two chunks is still seen. */
const CARRY = 64;

/** Watches the raw output stream (before it is cut to the bound) for a process reporting memory exhaustion. */
export class MemoryExhaustionWatch {
  private carry = '';
  private seen = false;

  get sawExhaustion(): boolean {
    return this.seen;
  }

  push(chunk: Buffer): void {
    if (this.seen) return;
    const text = this.carry + chunk.toString('latin1');
    this.seen = MEMORY_EXHAUSTION.test(text);
    this.carry = text.slice(-CARRY);
  }
}

export interface RawExit {
  /** bwrap's exit status: the command's own, or 128 + signal when the command died of a signal. */
  exitCode: number | null;
  /** Set when bwrap itself was killed (by the dead man's switch). */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

export interface Verdict {
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
}

const SIGKILL_STATUS = 128 + 9;
/** RLIMIT_CPU's soft limit: the run used the CPU time its whole timeout allows, so it counts as timed out. */
const SIGXCPU_STATUS = 128 + 24;

/** The port reports a killed run (timeout, out of memory) without an exit code. */
export function verdictOf(exit: RawExit, sawMemoryExhaustion: boolean): Verdict {
  if (exit.timedOut || exit.exitCode === SIGXCPU_STATUS) return { exitCode: null, timedOut: true, oomKilled: false };
  const failed = exit.exitCode !== 0;
  const oomKilled = failed && (sawMemoryExhaustion || exit.exitCode === SIGKILL_STATUS || exit.signal === 'SIGKILL');
  return { exitCode: oomKilled ? null : exit.exitCode, timedOut: false, oomKilled };
}
