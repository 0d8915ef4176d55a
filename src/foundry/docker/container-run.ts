import type Docker from 'dockerode';
import type { Container } from 'dockerode';
import { performance } from 'node:perf_hooks';
import type { BoundedOutput } from '../bounded-output';
import type { SandboxResult } from '../../missions/ports/sandbox.port';

export interface ContainerExit {
  /** The container's exit status; null when the dead man's switch killed it. */
  statusCode: number | null;
  timedOut: boolean;
  durationMs: number;
}

const SIGKILL_STATUS = 128 + 9;

/**
 * Out of memory is either Docker's word (`kernelOomKilled`, State.OOMKilled: the kernel's OOM killer struck in
 * the container's cgroup) or the process's own: it failed after saying it ran out of memory
 * (`sawMemoryExhaustion`, see ../out-of-memory.ts), as Node does when V8, which sizes its heap from the
 * cgroup limit, reaches that limit and aborts (134) before the kernel has to step in.
 *
 * The exit code: a run killed by the dead man's switch or by the OOM killer (137) reports none; any other
 * keeps the process's own, out of memory or not (a heap abort stays 134; a run whose child the OOM killer
 * took keeps its code). The bwrap adapter, which cannot tell these apart, reports none for any of them.
 */
export function containerVerdict(
  exit: ContainerExit,
  kernelOomKilled: boolean,
  sawMemoryExhaustion: boolean,
): Pick<SandboxResult, 'exitCode' | 'timedOut' | 'oomKilled'> {
  const saidOutOfMemory = !exit.timedOut && exit.statusCode !== 0 && sawMemoryExhaustion;
  const killedByOom = kernelOomKilled && exit.statusCode === SIGKILL_STATUS;
  return {
    exitCode: killedByOom ? null : exit.statusCode,
    timedOut: exit.timedOut,
    oomKilled: kernelOomKilled || saidOutOfMemory,
  };
}

/** The container died of a SIGKILL that the dead man's switch did not send (the OOM killer's, or its own). */
export function killedUnasked(exit: ContainerExit): boolean {
  return !exit.timedOut && exit.statusCode === SIGKILL_STATUS;
}

/** After the deadline, how long the engine gets to report the killed container as stopped. */
const KILL_GRACE_MS = 10_000;
/** After the exit, how long the attach stream gets to deliver the output still in flight. */
const DRAIN_GRACE_MS = 2_000;

function sleep(ms: number): { done: Promise<'elapsed'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<'elapsed'>((resolve) => {
    timer = setTimeout(() => resolve('elapsed'), ms);
  });
  return { done, cancel: () => clearTimeout(timer) };
}

/** Waits for `work` at most `ms`; never rejects (a failure counts as settled). */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  const timer = sleep(ms);
  await Promise.race([work.catch(() => undefined), timer.done]);
  timer.cancel();
}

function statusOf(response: unknown): number {
  const code = (response as { StatusCode?: unknown } | null)?.StatusCode;
  if (typeof code !== 'number') throw new Error(`Docker wait returned no status code: ${JSON.stringify(response)}`);
  return code;
}

function isNotRunning(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 409 || status === 404;
}

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/** The dead man's switch: the container's own exit, or SIGKILL at the deadline. */
async function waitOrKill(container: Container, timeoutMs: number): Promise<number | null> {
  const exited = container.wait().then(statusOf);
  const deadline = sleep(timeoutMs);
  const first = await Promise.race([exited, deadline.done]);
  deadline.cancel();
  if (first !== 'elapsed') return first;
  await container.kill({ signal: 'SIGKILL' }).catch((error: unknown) => {
    if (!isNotRunning(error)) throw error;
  });
  await settleWithin(exited, KILL_GRACE_MS);
  return null;
}

/**
 * Attaches to stdin, stdout and stderr before the start (so nothing is missed), starts the container, sends
 * `stdin` (the workspace tar) and closes it, and waits for the container to end. The duration runs from the
 * start request to the exit.
 */
export async function runToExit(
  container: Container,
  modem: Pick<Docker['modem'], 'demuxStream'>,
  output: BoundedOutput,
  run: { stdin: Buffer; timeoutMs: number },
): Promise<ContainerExit> {
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
  const drained = ended(stream);
  modem.demuxStream(stream, output.writable(), output.writable());
  const started = performance.now();
  try {
    await container.start();
    stream.end(run.stdin);
    const timeoutMs = run.timeoutMs;
    const statusCode = await waitOrKill(container, timeoutMs);
    const durationMs = Math.round(performance.now() - started);
    await settleWithin(drained, DRAIN_GRACE_MS);
    return { statusCode, timedOut: statusCode === null, durationMs };
  } finally {
    const closable = stream as NodeJS.ReadableStream & { destroy?: () => void };
    closable.destroy?.();
  }
}
