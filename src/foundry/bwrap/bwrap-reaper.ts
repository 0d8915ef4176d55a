import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRunning, parseProcessIdentity } from '../../kernel/process-identity';
import type { AbandonedAttempt } from '../../missions/ports/sandbox.port';
import { parseRunDirName, RUN_DIR_PREFIX } from './bwrap-paths';
import { removeRunDir } from './bwrap-workdir';

/** The mission id of available()'s trial runs: a leftover one is removed but not reported as an attempt. */
export const PROBE_MISSION_ID = 'gantry-availability-probe';

/**
 * Finds the run directories in `workRoot` whose owner process is gone (a crash, a kill -9, a restart),
 * kills whatever still runs from them, removes them, and says which attempts they were. A directory whose
 * owner is alive (this process, or another Gantry sharing the temporary directory) is left alone.
 *
 * bwrap runs with --die-with-parent, so normally nothing is left running after the owner died; the
 * /proc scan is the belt to those braces.
 */
export async function reapRunDirs(workRoot: string): Promise<AbandonedAttempt[]> {
  const abandoned: AbandonedAttempt[] = [];
  for (const name of await runDirNames(workRoot)) {
    const root = join(workRoot, name);
    if (await ownerIsAlive(root)) continue;
    await killProcessesMentioning(root);
    await removeRunDir(root);
    const attempt = parseRunDirName(name);
    if (attempt && attempt.missionId !== PROBE_MISSION_ID && !includes(abandoned, attempt)) abandoned.push(attempt);
  }
  return abandoned;
}

function includes(attempts: AbandonedAttempt[], attempt: AbandonedAttempt): boolean {
  return attempts.some((a) => a.missionId === attempt.missionId && a.attempt === attempt.attempt);
}

async function runDirNames(workRoot: string): Promise<string[]> {
  const entries = await readdir(workRoot, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && e.name.startsWith(RUN_DIR_PREFIX)).map((e) => e.name);
}

async function ownerIsAlive(root: string): Promise<boolean> {
  const text = await readFile(join(root, 'owner.json'), 'utf8').catch(() => null);
  const owner = text === null ? null : parseProcessIdentity(text);
  return owner !== null && (await isRunning(owner));
}

/** SIGKILL to every process whose command line names a path inside `root` (bwrap's does: its --bind). */
async function killProcessesMentioning(root: string): Promise<void> {
  for (const pid of await processesMentioning(root)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** The pids (other than this process) whose command line has an argument naming `path` or a path under it. */
export async function processesMentioning(path: string): Promise<number[]> {
  const found: number[] = [];
  const pids = (await readdir('/proc').catch((): string[] => [])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((arg) => arg === path || arg.startsWith(`${path}/`))) {
      found.push(pid);
    }
  }
  return found;
}
