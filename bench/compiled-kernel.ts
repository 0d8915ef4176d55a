import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { verifyChains } from '../src/kernel/black-box/chain-verify-pool';
import type { auditChainPages } from '../src/event-store/postgres/chain-audit';

const ROOT = join(__dirname, '..');
const KERNEL = join(ROOT, 'src', 'kernel');
/** The store's side of `verify --all`: its workers read their own pages (imports outside the kernel are types only, or pg). */
const STORE_AUDIT = ['chain-audit.ts', 'chain-audit.worker.ts', 'chain-pages.ts'].map((file) => join(ROOT, 'src', 'event-store', 'postgres', file));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

export interface CompiledVerification {
  verifyChains: typeof verifyChains;
  auditChainPages: typeof auditChainPages;
  remove: () => void;
}

/**
 * The kernel and the store's chain audit compiled to JavaScript, as `gantry` runs them from dist/: their
 * workers then start in milliseconds, where from source each would first load TypeScript. Written under
 * node_modules/.cache so that the worker's `require('pg')` resolves. Returns the functions and a cleanup.
 */
export function compiledVerification(): CompiledVerification {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'gantry-bench-verify-'));
  for (const file of [...sources(KERNEL), ...STORE_AUDIT]) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- loading the compiled copy is the point */
  const pool = require(join(out, 'src', 'kernel', 'black-box', 'chain-verify-pool.js')) as { verifyChains: typeof verifyChains };
  const audit = require(join(out, 'src', 'event-store', 'postgres', 'chain-audit.js')) as { auditChainPages: typeof auditChainPages };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { verifyChains: pool.verifyChains, auditChainPages: audit.auditChainPages, remove: () => rmSync(out, { recursive: true, force: true }) };
}
