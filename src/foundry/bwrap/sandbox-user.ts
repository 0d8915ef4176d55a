import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { HostUser } from './bwrap-workdir';

const execFileAsync = promisify(execFile);

/** The host account bubblewrap builds run as when Gantry is root: a system user with no home and no login. */
export const SANDBOX_USER_NAME = 'gantry-sandbox';

const NO_LOGIN_SHELLS = new Set(['/usr/sbin/nologin', '/sbin/nologin', '/bin/false', '/usr/bin/false']);

interface PasswdEntry extends HostUser {
  name: string;
  shell: string;
}

export function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 7)
    .map(([name, , uid, gid, , , shell]) => ({ name, uid: Number(uid), gid: Number(gid), shell }));
}

/**
 * Refuses an account that could belong to a person: root, uid 1000 (the first login user on most
 * distributions), anything at or above 1000 (UID_MIN), or one with a login shell.
 */
export function checkedSandboxUser(entry: PasswdEntry): HostUser {
  const problem =
    entry.uid === 0 || entry.gid === 0
      ? 'is root'
      : entry.uid >= 1000
        ? `has uid ${entry.uid}, in the range of login users`
        : !NO_LOGIN_SHELLS.has(entry.shell)
          ? `has the login shell ${entry.shell}`
          : null;
  if (problem) throw new Error(`The host user ${entry.name} ${problem}: it cannot hold untrusted builds`);
  return { uid: entry.uid, gid: entry.gid };
}

async function lookUp(passwdFile: string): Promise<PasswdEntry | undefined> {
  const text = await readFile(passwdFile, 'utf8');
  return parsePasswd(text).find((entry) => entry.name === SANDBOX_USER_NAME);
}

/**
 * The dedicated host identity, made on first use (as root): `useradd --system` picks a uid and a group of its
 * own below 1000, with no home directory and no login shell, so no person's files or processes share it.
 */
export async function ensureSandboxUser(passwdFile = '/etc/passwd'): Promise<HostUser> {
  let entry = await lookUp(passwdFile);
  if (!entry) {
    const args = ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin'];
    await execFileAsync('useradd', [...args, '--comment', 'Gantry build sandbox', SANDBOX_USER_NAME], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }).catch(
      async (error: unknown) => {
        // Another Gantry may have made it in the meantime (useradd exits 9: the name is taken).
        if ((error as { code?: unknown }).code !== 9) throw error;
      },
    );
    entry = await lookUp(passwdFile);
  }
  if (!entry) throw new Error(`useradd did not create ${SANDBOX_USER_NAME}`);
  return checkedSandboxUser(entry);
}
