import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * An exclusive, pid-stamped lock file. A lock left by a dead process is taken over; one held by a live
 * process is refused. PostgreSQL's own postmaster.pid is a second guard behind this one.
 */
export class DataDirLock {
  private constructor(private readonly lockPath: string) {}

  static acquire(dataDir: string, name = 'gantry.lock'): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const lockPath = join(dataDir, name);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const fd = openSync(lockPath, 'wx', 0o644);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new DataDirLock(lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(lockPath);
        if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
        unlinkSync(lockPath);
      }
    }
    throw new Error(`Could not take the lock ${lockPath}`);
  }

  /** The pid of the live process holding the lock on `dataDir`, if any. */
  static liveHolder(dataDir: string, name = 'gantry.lock'): number | null {
    const holder = readHolder(join(dataDir, name));
    return holder !== null && holder !== process.pid && isAlive(holder) ? holder : null;
  }

  release(): void {
    if (readHolder(this.lockPath) === process.pid) unlinkSync(this.lockPath);
  }
}
