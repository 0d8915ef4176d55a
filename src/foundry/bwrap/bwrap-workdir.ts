import { chmod, lchown, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { currentProcessIdentity } from '../../kernel/process-identity';
import { SANDBOX_GID, SANDBOX_UID, WORKSPACE_DIR } from '../sandbox-defaults';
import type { SandboxFile } from '../../missions/ports/sandbox.port';
import { resolveInside, runDirPrefix } from './bwrap-paths';

/** Whom the sandbox runs as on the host; null when Gantry is not root and so cannot switch user. */
export interface HostUser {
  uid: number;
  gid: number;
}

/**
 * One run's directory on the host:
 *
 *     gantry-bwrap-<missionId>-<attempt>-XXXXXX/   0711, Gantry's own
 *       owner.json    which process made it (the reaper leaves a live owner's runs alone)
 *       passwd        a one-line passwd (user 1000, home /workspace), bound read-only at /etc/passwd
 *       workspace/    the job's files, 0700, owned by the sandbox user, bound read-only at /run/workspace-files
 *                     and copied from there into the sandbox's own size-bounded /workspace (a tmpfs)
 *
 * Only `workspace/` is visible to the sandbox, read-only: nothing the build writes lands on the host's disk.
 */
export interface RunDir {
  root: string;
  workspace: string;
  passwd: string;
}

const PASSWD = `sandbox:x:${SANDBOX_UID}:${SANDBOX_GID}:sandbox:${WORKSPACE_DIR}:/bin/sh\n`;

export async function createRunDir(workRoot: string, missionId: string, attempt: number): Promise<RunDir> {
  const root = await mkdtemp(join(workRoot, runDirPrefix(missionId, attempt)));
  const dir: RunDir = { root, workspace: join(root, 'workspace'), passwd: join(root, 'passwd') };
  try {
    await writeFile(join(root, 'owner.json'), JSON.stringify(await currentProcessIdentity()), { mode: 0o600 });
    await chmod(root, 0o711);
    await writeFile(dir.passwd, PASSWD, { mode: 0o644 });
    await mkdir(dir.workspace, { mode: 0o700 });
    return dir;
  } catch (error) {
    await removeRunDir(root);
    throw error;
  }
}

/** Writes the job's files under `workspace` (refusing any path that escapes it), then gives them to `owner`. */
export async function populateWorkspace(workspace: string, files: SandboxFile[], owner: HostUser | null): Promise<void> {
  const targets = files.map((file) => resolveInside(workspace, file.path));
  for (const [index, file] of files.entries()) {
    await mkdir(dirname(targets[index]), { recursive: true, mode: 0o755 });
    // 'wx': never follow or overwrite anything already there (a duplicate path is refused, not merged).
    await writeFile(targets[index], file.content, { flag: 'wx', mode: 0o644 });
  }
  if (owner) await chownTree(workspace, owner);
}

/**
 * Removes a run directory. The build may have left directories without write or search permission
 * (harmless to root, fatal to an unprivileged Gantry's `rm`), so on failure they are opened up and it tries again.
 */
export async function removeRunDir(root: string): Promise<void> {
  try {
    await rm(root, { recursive: true, force: true });
  } catch {
    await openUpDirectories(root);
    await rm(root, { recursive: true, force: true });
  }
}

async function chownTree(path: string, owner: HostUser): Promise<void> {
  await lchown(path, owner.uid, owner.gid);
  const stat = await lstat(path);
  if (!stat.isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), owner);
}

/** chmod u+rwx on every real directory below `path`; symbolic links are never followed. */
async function openUpDirectories(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => null);
  if (!stat?.isDirectory()) return;
  await chmod(path, 0o700).catch(() => undefined);
  const entries = await readdir(path).catch((): string[] => []);
  for (const entry of entries) await openUpDirectories(join(path, entry));
}
