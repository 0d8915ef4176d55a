import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';

/** Linux's USER_HZ: the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), numbered as in proc(5). */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return ['', '', '', ...text.slice(text.lastIndexOf(')') + 2).split(' ')]; // [3] is the state
  } catch {
    return null; // gone between listing and reading
  }
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * CPU seconds a local PostgreSQL server has used so far: every live backend (children of the postmaster)
 * plus the children it has already reaped (a worker's connections end before its run is timed as ended).
 * Null when the server is not on this machine (or /proc cannot be read).
 */
export async function serverCpuMeter(pool: Pool): Promise<(() => number) | null> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = Number(statFields(rows[0].pid)?.[4] ?? Number.NaN);
  const own = statFields(postmaster);
  if (!own) return null;
  return () => {
    const reaped = statFields(postmaster);
    let ticks = reaped ? Number(reaped[16]) + Number(reaped[17]) : 0;
    for (const pid of livePids()) {
      const fields = statFields(pid);
      if (fields && Number(fields[4]) === postmaster) ticks += Number(fields[14]) + Number(fields[15]);
    }
    return ticks / TICKS_PER_SECOND;
  };
}

export interface CpuSplit {
  seconds: number;
  /** CPU seconds of this process (every thread) and of the PostgreSQL server (null: not measurable here). */
  nodeCpu: number;
  serverCpu: number | null;
}

/** Wall clock, this process's CPU and the server's CPU over one piece of work. */
export async function withCpuSplit<T>(meter: (() => number) | null, work: () => Promise<T>): Promise<{ result: T; split: CpuSplit }> {
  const serverBefore = meter?.() ?? 0;
  const nodeBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const node = process.cpuUsage(nodeBefore);
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the postmaster reap backends that just ended
  const serverCpu = meter ? meter() - serverBefore : null;
  return { result, split: { seconds, nodeCpu: (node.user + node.system) / 1e6, serverCpu } };
}
