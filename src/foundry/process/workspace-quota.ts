import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** How often the workspace is measured while a run goes on. */
export const QUOTA_POLL_MS = 100;

/**
 * The embedded tier's disk limit. Its workspace is a plain host directory (no tmpfs, no quota without root and
 * a filesystem that has them), and the build can write nowhere else (Node's permission model). So the
 * workspace is measured (blocks allocated, links not followed) every QUOTA_POLL_MS while the run goes on, and
 * the run is stopped the first time it holds more than the limit. Each file is held to the limit as it is
 * written by RLIMIT_FSIZE (EFBIG), so only many files written between two measurements overshoot: by what the
 * host's disk takes in QUOTA_POLL_MS.
 */
export class WorkspaceQuota {
  private peak = 0;
  private over = false;

  constructor(
    private readonly dir: string,
    private readonly limitBytes: number,
    private readonly pollMs: number = QUOTA_POLL_MS,
  ) {}

  /** Whether the run was stopped for holding more than the limit. */
  get exceeded(): boolean {
    return this.over;
  }

  get peakBytes(): number {
    return this.peak;
  }

  /** Runs `work`, aborting its signal the first time the workspace holds more than the limit. */
  async during<T>(work: (stop: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let running = true;
    const watching = (async () => {
      while (running && !this.over) {
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
        if (!running) return;
        const bytes = await allocatedBytes(this.dir);
        this.peak = Math.max(this.peak, bytes);
        if (bytes > this.limitBytes) {
          this.over = true;
          controller.abort();
        }
      }
    })();
    try {
      return await work(controller.signal);
    } finally {
      running = false;
      await watching;
    }
  }

  /** The line added to a stopped run's output, in the words the disk-limit watch knows. */
  notice(): string {
    const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
    return `\n[sandbox: the workspace reached ${mb(this.peak)}, past its ${mb(this.limitBytes)} disk limit (Disk quota exceeded): the run was stopped]\n`;
  }
}

/** Bytes allocated under `dir` (st_blocks), not following links; what vanishes meanwhile counts as nothing. */
export async function allocatedBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await allocatedBytes(path);
    const stats = await lstat(path).catch(() => null);
    if (stats) total += stats.blocks * 512;
  }
  return total;
}
