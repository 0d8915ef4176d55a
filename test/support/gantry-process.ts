import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a child Gantry sees: this one's, minus anything the test run itself configured. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  for (const name of ['DATABASE_URL', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'PORT', 'GANTRY_DATA_DIR']) Reflect.deleteProperty(env, name);
  return { ...env, ...overrides };
}

/**
 * Runs the real `gantry` entry point in a child process: src/cli/main.ts through ts-node, or `entry`, the
 * compiled main.js of a build (which starts several times faster).
 */
export function startGantry(args: string[], env: Record<string, string>, entry?: string): ChildProcess & { output: Promise<Finished> } {
  const main = entry ? [entry] : ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/cli/main.ts')];
  const child = spawn(process.execPath, [...main, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return Object.assign(child, { output });
}

export async function runGantry(args: string[], env: Record<string, string>, entry?: string): Promise<Finished> {
  return startGantry(args, env, entry).output;
}

/** Resolves with the port once the server says it is online; rejects if the process ends first. */
export function waitForOnline(child: ChildProcess & { output: Promise<Finished> }): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /online at http:\/\/localhost:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    void child.output.then((finished) => reject(new Error(`gantry exited before it was online: ${finished.stderr}${finished.stdout}`)));
  });
}
