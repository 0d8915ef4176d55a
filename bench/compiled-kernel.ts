import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { verifyChains } from '../src/kernel/black-box/chain-verify-pool';

const KERNEL = join(__dirname, '..', 'src', 'kernel');

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * `verifyChains` from the kernel compiled to JavaScript in a temporary directory, as `gantry` runs it from
 * dist/: its workers then start in milliseconds, where from source each would first load TypeScript.
 * The kernel imports nothing outside itself, so it compiles alone. Returns the function and a cleanup.
 */
export function compiledVerifyChains(): { verifyChains: typeof verifyChains; remove: () => void } {
  const out = mkdtempSync(join(tmpdir(), 'gantry-bench-kernel-'));
  for (const file of sources(KERNEL)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = join(out, relative(KERNEL, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the compiled copy is the point
  const compiled = require(join(out, 'black-box', 'chain-verify-pool.js')) as { verifyChains: typeof verifyChains };
  return { verifyChains: compiled.verifyChains, remove: () => rmSync(out, { recursive: true, force: true }) };
}
