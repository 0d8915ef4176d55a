import { hostname } from 'node:os';
import type { ContainerInfo } from 'dockerode';
import { currentProcessIdentity, isRunning } from '../../kernel/process-identity';
import type { AbandonedAttempt } from '../../missions/ports/sandbox.port';
import { LABEL } from './container-spec';

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
 * A container is abandoned when it belongs to this reaper's scope (none with none) and either is older than
 * `staleAfterMs` or was started by a process that is gone (a crash, a kill -9, a restart). The runs of a
 * live process (this one, or another Gantry on the same engine) are left alone.
 */
export async function isAbandoned(info: ContainerInfo, scope: string | undefined, staleAfterMs: number, now = Date.now()): Promise<boolean> {
  if (info.Labels[LABEL.scope] !== scope) return false;
  if (now - info.Created * 1000 > staleAfterMs) return true;
  const owner = ownerOf(info.Labels);
  return owner === null || !(await ownerIsAlive(owner));
}

export function attemptOf(info: ContainerInfo): AbandonedAttempt | null {
  const missionId = info.Labels[LABEL.mission];
  const attempt = Number(info.Labels[LABEL.attempt]);
  return missionId && Number.isInteger(attempt) ? { missionId, attempt } : null;
}
