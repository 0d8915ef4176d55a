import { readFile } from 'node:fs/promises';

/**
 * A process as the kernel knows it: its pid plus its start time (clock ticks since boot, field 22 of
 * /proc/<pid>/stat), so that a pid reused by an unrelated process is not mistaken for the original.
 */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

export async function currentProcessIdentity(): Promise<ProcessIdentity> {
  return { pid: process.pid, startTime: (await startTimeOf(process.pid)) ?? 'unknown' };
}

/** True while the process that wrote `identity` is still running (same pid, same start time). */
export async function isRunning(identity: ProcessIdentity): Promise<boolean> {
  const startTime = await startTimeOf(identity.pid);
  return startTime !== null && startTime === identity.startTime;
}

export function parseProcessIdentity(text: string): ProcessIdentity | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, startTime } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || typeof startTime !== 'string') return null;
    return { pid, startTime };
  } catch {
    return null;
  }
}

async function startTimeOf(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
