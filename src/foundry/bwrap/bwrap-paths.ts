import { isAbsolute, posix, resolve, sep } from 'node:path';
import type { AbandonedAttempt } from '../../missions/ports/sandbox.port';

/** Every run directory on the host starts with this, so a later process can find what an earlier one left. */
export const RUN_DIR_PREFIX = 'gantry-bwrap-';

/** A job file whose path would land outside the run's working directory (or is not a plain relative path). */
export class SandboxPathError extends Error {
  readonly code = 'SANDBOX_PATH_REFUSED';
}

/** The mkdtemp prefix for one attempt: `gantry-bwrap-<missionId>-<attempt>-` (mkdtemp adds six characters). */
export function runDirPrefix(missionId: string, attempt: number): string {
  if (!Number.isSafeInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a whole number, got ${attempt}`);
  }
  return `${RUN_DIR_PREFIX}${encodeMissionId(missionId)}-${attempt}-`;
}

/** Reads a run directory's name back into its attempt; null for names this adapter did not make that way. */
export function parseRunDirName(name: string): AbandonedAttempt | null {
  const match = /^gantry-bwrap-(.+)-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
  if (!match) return null;
  const missionId = decodeMissionId(match[1]);
  if (missionId === null) return null;
  return { missionId, attempt: Number(match[2]) };
}

/**
 * The host path of a job file: `relative` must be a plain relative POSIX path that stays inside `root`
 * after normalisation (no absolute path, no `..` segment, no NUL byte, not the root itself).
 */
export function resolveInside(root: string, relative: string): string {
  if (relative.length === 0 || relative.includes('\0') || isAbsolute(relative) || relative.endsWith('/')) {
    throw new SandboxPathError(`refused file path ${JSON.stringify(relative)}: not a relative file path`);
  }
  if (relative.split('/').some((segment) => segment === '..')) {
    throw new SandboxPathError(`refused file path ${JSON.stringify(relative)}: it climbs out with ..`);
  }
  const normalised = posix.normalize(relative);
  const target = resolve(root, normalised);
  if (!target.startsWith(root + sep) || normalised === '.') {
    throw new SandboxPathError(`refused file path ${JSON.stringify(relative)}: it escapes the working directory`);
  }
  return target;
}

/** Mission ids are UUIDs in practice; anything else is percent-encoded so the name stays one safe segment. */
function encodeMissionId(missionId: string): string {
  if (missionId.length === 0) throw new RangeError('missionId must not be empty');
  return encodeURIComponent(missionId).replace(/[!'()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeMissionId(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}
