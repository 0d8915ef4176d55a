import { extname } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running `script`, a module path without its extension, given as `join(__dirname, name)`
 * by the module beside it. Compiled JavaScript in production; from source (tests, benchmarks) TypeScript:
 * the worker then starts with no inherited flags and loads it through ts-node's require hook, from a
 * CommonJS bootstrap, so the runtime's own type stripping never takes it.
 */
export function startScriptWorker(script: string, options: Omit<WorkerOptions, 'eval' | 'execArgv'>): Worker {
  const extension = extname(__filename);
  const fromSource = extension === '.ts';
  const hook = fromSource ? `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});` : '';
  const bootstrap = `${hook}require(${JSON.stringify(`${script}${extension}`)});`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: fromSource ? [] : undefined });
}
