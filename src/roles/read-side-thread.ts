import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GantryConfig } from '../config/gantry-config';
import { errorMessage } from '../kernel/error-message';
import type { EventStore } from '../missions/ports/event-store.port';
import type { ProjectionRunner } from '../missions/read/projection-runner';
import type { FromReadSide, ReadSideThreadData, ToReadSide } from './read-side.protocol';

const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export interface ReadSideThreadDeps {
  config: GantryConfig;
  /** The URL this process's pool uses (the embedded server's when DATABASE_URL is unset). */
  databaseUrl: string;
  /** This process's runner: the thread's commits wake its `waitForRevision` and `onApplied` listeners. */
  runner: ProjectionRunner;
  /** This process's store: each append here wakes the thread at once. */
  store: EventStore;
  log: (line: string) => void;
}

/** The thread's entry, compiled or (under ts-node and the tests) from source. */
function entry(): { file: string; execArgv: string[] } {
  const file = join(__dirname, `read-side.thread${extname(__filename)}`);
  if (!file.endsWith('.ts') || process.execArgv.some((arg) => arg.includes('ts-node'))) return { file, execArgv: process.execArgv };
  return { file, execArgv: [...process.execArgv, '-r', require.resolve('ts-node/register/transpile-only')] };
}

/**
 * Runs the projections in a worker thread of this process, off the HTTP event loop: its own event loop,
 * its own pool and its own claim on the `projections` duty. Restarted (later and later) if it dies; its
 * duty's connection closes with it, so another process may take over meanwhile.
 */
export class ReadSideThread {
  private worker: Worker | null = null;
  private stopping = false;
  private restartDelay = RESTART_MIN_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private wakePending = false;

  constructor(private readonly deps: ReadSideThreadDeps) {}

  start(): void {
    this.stopping = false;
    this.unsubscribe ??= this.deps.store.onAppended(() => this.wake());
    this.spawn();
  }

  /** Asks the thread to stop its feed and let go of its duty; terminates it if it does not within the grace. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.send({ kind: 'stop' });
    const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  private spawn(): void {
    const { file, execArgv } = entry();
    const data: ReadSideThreadData = { config: { ...this.deps.config, databaseUrl: this.deps.databaseUrl } };
    const worker = new Worker(file, { workerData: data, execArgv });
    this.worker = worker;
    worker.on('message', (message: FromReadSide) => this.receive(message));
    worker.on('error', (error: unknown) => this.deps.log(`read side thread failed: ${errorMessage(error)}`));
    worker.on('exit', (code) => this.exited(worker, code));
  }

  private receive(message: FromReadSide): void {
    switch (message.kind) {
      case 'applied':
        this.deps.runner.relayApplied(new Set(message.missionIds));
        return;
      case 'ready':
        this.restartDelay = RESTART_MIN_MS;
        return;
      case 'failed':
        this.deps.log(`read side thread could not start: ${message.message}`);
    }
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (this.stopping) return;
    this.deps.log(`read side thread exited (code ${code}); restarting in ${this.restartDelay} ms`);
    this.restartTimer = setTimeout(() => this.spawn(), this.restartDelay);
    this.restartTimer.unref();
    this.restartDelay = Math.min(this.restartDelay * 2, RESTART_MAX_MS);
  }

  /** One wake per turn of the event loop, however many appends it saw. */
  private wake(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    queueMicrotask(() => {
      this.wakePending = false;
      this.send({ kind: 'appended' });
    });
  }

  private send(message: ToReadSide): void {
    this.worker?.postMessage(message);
  }
}
