import { spawn } from 'node:child_process';

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    stderr: string,
  ) {
    super(`git ${args[0]} failed (exit ${String(exitCode)}): ${stderr.trim().slice(0, 500)}`);
  }
}

/** Who Gantry's commits are by, whether git writes them or GitObjectWriter does. */
export const IDENTITY = { name: 'Gantry', email: 'gantry@localhost' };

/**
 * Only what git needs: no user or system config, no hooks, no credential helpers, no prompts, and none of
 * the server's environment (so no token can reach git or its children).
 */
function gitEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: IDENTITY.name,
    GIT_AUTHOR_EMAIL: IDENTITY.email,
    GIT_COMMITTER_NAME: IDENTITY.name,
    GIT_COMMITTER_EMAIL: IDENTITY.email,
    LC_ALL: 'C',
    ...extra,
  };
}

const SAFE_OPTIONS = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'core.fsmonitor=false'];

export interface GitRun {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for "no such ref"). */
  allowExit?: number[];
}

/** Runs `git --git-dir <repository> <args>` and resolves with its stdout. */
export function git(repository: string, args: string[], run: GitRun = {}): Promise<{ stdout: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_OPTIONS, '--git-dir', repository, ...args], { env: gitEnvironment(run.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || run.allowExit?.includes(exitCode)) resolve({ stdout: Buffer.concat(stdout).toString('utf8'), exitCode });
      else reject(new GitCommandError(args, code, Buffer.concat(stderr).toString('utf8')));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(run.input ?? '');
  });
}
