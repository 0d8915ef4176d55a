import { OutputPhraseWatch } from './out-of-memory';

/**
 * Every writable path in a sandbox is a size-bounded filesystem (the workspace, /tmp, /dev/shm), so a build
 * that fills one gets ENOSPC (EDQUOT where a quota stands in), and says so in its own words:
 *   - Node:             "ENOSPC: no space left on device, write"
 *   - libc / busybox:   "No space left on device", "Disk quota exceeded"
 *   - npm and friends:  "ENOSPC" / "EDQUOT" in their error codes
 *   - a file past RLIMIT_FSIZE (the embedded tier holds each file to the disk limit): "EFBIG", "File too large"
 * A run that failed after one of these is read as having hit the disk limit: the code's fault, not the attempt's.
 */
const DISK_FULL = /\bENOSPC\b|\bEDQUOT\b|\bEFBIG\b|No space left on device|Disk quota exceeded|File too large/i;

export class DiskLimitWatch extends OutputPhraseWatch {
  constructor() {
    super(DISK_FULL);
  }
}

/** A failed, not timed-out run that said a disk was full hit the sandbox's disk limit. */
export function hitDiskLimit(exit: { exitCode: number | null; timedOut: boolean }, sawDiskFull: boolean): boolean {
  return sawDiskFull && !exit.timedOut && exit.exitCode !== 0;
}
