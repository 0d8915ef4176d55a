import { hostname } from 'node:os';
import type { ContainerInfo } from 'dockerode';
import { currentProcessIdentity, isRunning } from '../../kernel/process-identity';
import type { AbandonedAttempt } from '../../missions/ports/sandbox.port';
import { LABEL, type SandboxPartition } from './container-spec';

/** Past this age a run is abandoned whoever started it: no build is allowed to run anywhere near as long. */
export const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000;

export interface RunOwner {
  host: string;
  pid: number;
  startTime: string;
}

export async function currentOwner(): Promise<RunOwner> {
  const identity = await currentProcessIdentity();
  return { host: hostname(), ...identity };
}

export function ownerLabels(owner: RunOwner): Record<string, string> {
  return { [LABEL.ownerHost]: owner.host, [LABEL.ownerPid]: String(owner.pid), [LABEL.ownerStart]: owner.startTime };
}

function ownerOf(labels: Record<string, string>): RunOwner | null {
  const pid = Number(labels[LABEL.ownerPid]);
  const host = labels[LABEL.ownerHost];
  const startTime = labels[LABEL.ownerStart];
  return host && startTime && Number.isSafeInteger(pid) && pid > 0 ? { host, pid, startTime } : null;
}

/** Only the owner's host can tell whether it is alive; elsewhere a run is left until it is stale. */
async function ownerIsAlive(owner: RunOwner): Promise<boolean> {
  if (owner.host !== hostname()) return true;
  return isRunning({ pid: owner.pid, startTime: owner.startTime });
}

/**
 * Whether a reaper of `partition` takes this container, and whose it is:
 * - `own`: this partition's (scope and installation), older than `staleAfterMs` or started by a process that is
 *   gone (a crash, a kill -9, a restart). The runs of a live process (this one, or another on the same host) are left.
 * - `legacy`: this scope's, from a Gantry that did not label its installation yet, older than `staleAfterMs`. Its
 *   owner may be another installation, whose reaper could tell whether it is alive and this one cannot, so only
 *   age counts: no build, whichever installation's, may run anywhere near as long. Not reported as an attempt of
 *   this installation (its mission may be another's; its build is long past its dead man's switch anyway).
 * - null: another scope's or another installation's, or a run that may still be alive.
 */
export async function abandonment(info: ContainerInfo, partition: SandboxPartition, staleAfterMs: number, now = Date.now()): Promise<'own' | 'legacy' | null> {
  if (info.Labels[LABEL.scope] !== partition.scope) return null;
  const stale = now - info.Created * 1000 > staleAfterMs;
  const installation = info.Labels[LABEL.installation];
  if (installation !== partition.installation) return installation === undefined && stale ? 'legacy' : null;
  if (stale) return 'own';
  const owner = ownerOf(info.Labels);
  return owner === null || !(await ownerIsAlive(owner)) ? 'own' : null;
}

export function attemptOf(info: ContainerInfo): AbandonedAttempt | null {
  const missionId = info.Labels[LABEL.mission];
  const attempt = Number(info.Labels[LABEL.attempt]);
  return missionId && Number.isInteger(attempt) ? { missionId, attempt } : null;
}
