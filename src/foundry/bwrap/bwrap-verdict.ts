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

/**
 * Without a memory cgroup nothing tells bwrap "this run was OOM-killed", so it is inferred. RLIMIT_DATA and
 * RLIMIT_AS make allocations fail inside the process, which then says so in its own words before dying
 * (`sawMemoryExhaustion`: the phrases, shared with the Docker adapter, are in ../out-of-memory.ts). A SIGKILL
 * (137) that Gantry did not send is also taken as memory: inside the sandbox it comes from the kernel's OOM
 * killer (the host itself ran short) or from the RLIMIT_CPU hard limit, which sits past the SIGXCPU soft
 * limit. A program that SIGKILLs itself is misread.
 *
 * The port reports a killed run (timeout, out of memory) without an exit code. bwrap cannot tell a process
 * that aborted for want of memory from one that was killed, so here every out-of-memory run has a null
 * exitCode (the Docker adapter keeps the process's own code unless the kernel's OOM killer struck).
 */
export function verdictOf(exit: RawExit, sawMemoryExhaustion: boolean): Verdict {
  if (exit.timedOut || exit.exitCode === SIGXCPU_STATUS) return { exitCode: null, timedOut: true, oomKilled: false };
  const failed = exit.exitCode !== 0;
  const oomKilled = failed && (sawMemoryExhaustion || exit.exitCode === SIGKILL_STATUS || exit.signal === 'SIGKILL');
  return { exitCode: oomKilled ? null : exit.exitCode, timedOut: false, oomKilled };
}
