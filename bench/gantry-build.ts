import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..');
const OUT_DIR = join(ROOT, '.tmp', 'gantry-build');

/**
 * Compiles Gantry (tsconfig.build.json, incrementally) into .tmp/gantry-build and returns its CLI entry point:
 * the multi-process runs start many `gantry` processes, and compiled JavaScript boots several times faster
 * than ts-node. Inside the repository, so that node_modules and policy.yaml are found as from dist/.
 */
export async function compiledGantry(): Promise<string> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT_DIR, '--incremental', '--tsBuildInfoFile', join(OUT_DIR, 'tsbuildinfo')];
  await execFileAsync(process.execPath, [tsc, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return join(OUT_DIR, 'src', 'cli', 'main.js');
}
