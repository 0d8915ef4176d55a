import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { currentProcessIdentity, isRunning, parseProcessIdentity, type ProcessIdentity } from '../kernel/process-identity';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `Another Gantry process (pid ${holderPid}) is using the data directory ${dataDir}. ` +
        'Stop it, or point this one at another directory with GANTRY_DATA_DIR or at a server with DATABASE_URL.',
    );
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The live process holding a lock file's contents, by pid and start time (a reused pid is not the holder). */
async function liveHolderOf(text: string | null): Promise<ProcessIdentity | null> {
  const holder = text === null ? null : parseProcessIdentity(text);
  return holder !== null && holder.pid !== process.pid && (await isRunning(holder)) ? holder : null;
}

/**
 * An exclusive lock file stamped with its holder's pid and start time. A lock left by a dead process is
 * taken over; one held by a live process is refused. PostgreSQL's own postmaster.pid is a second guard.
 */
export class DataDirLock {
  private constructor(
    private readonly lockPath: string,
    private readonly stamp: string,
  ) {}

  static async acquire(dataDir: string, name = 'gantry.lock'): Promise<DataDirLock> {
    mkdirSync(dataDir, { recursive: true });
    const lockPath = join(dataDir, name);
    const stamp = JSON.stringify(await currentProcessIdentity());
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const fd = openSync(lockPath, 'wx', 0o644);
        writeSync(fd, stamp);
        closeSync(fd);
        return new DataDirLock(lockPath, stamp);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const seen = readText(lockPath);
        const holder = await liveHolderOf(seen);
        if (holder) throw new DataDirLockedError(dataDir, holder.pid);
        DataDirLock.setAside(lockPath, seen);
      }
    }
    throw new Error(`Could not take the lock ${lockPath}`);
  }

  /**
   * Moves a stale lock out of the way atomically; if what was moved is not the stale lock that was judged
   * (another process replaced it meanwhile), it is put back for that process.
   */
  private static setAside(lockPath: string, judged: string | null): void {
    const aside = `${lockPath}.stale-${process.pid}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      return; // someone else moved it first: look again
    }
    if (readText(aside) !== judged) renameSync(aside, lockPath);
    else unlinkSync(aside);
  }

  /** The pid of the live process holding the lock on `dataDir`, if any. */
  static async liveHolder(dataDir: string, name = 'gantry.lock'): Promise<number | null> {
    return (await liveHolderOf(readText(join(dataDir, name))))?.pid ?? null;
  }

  /** Only the holder removes its lock, and nobody takes over the lock of a live holder, so this cannot race. */
  release(): void {
    if (readText(this.lockPath) === this.stamp) unlinkSync(this.lockPath);
  }
}
