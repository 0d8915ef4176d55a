import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RuntimeVersions {
  gantry: string;
  /** The Node.js that runs this process (`process.version`, e.g. v24.21.0). */
  node: string;
}

let cached: string | undefined;

/** Gantry's own version, from the nearest package.json named "gantry" above this file (src/ or dist/src/). */
function gantryVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'gantry' && typeof parsed.version === 'string') return (cached = parsed.version);
    }
    if (dirname(dir) === dir) return (cached = 'unknown');
  }
}

export function runtimeVersions(): RuntimeVersions {
  return { gantry: gantryVersion(), node: process.version };
}
