import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { installRoot } from '../config/gantry-config';

export interface ConsoleAsset {
  file: string;
  contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Where the console serves `scripts/verify-bundle.mjs`. */
export const BUNDLE_VERIFIER_ASSET = 'js/verify-bundle.js';

/**
 * The console's files, read from `src/console/web` under the install root both when run from source and
 * from `dist/` (tsc copies no static files, and Docker images copy the whole tree). Only files listed at
 * boot are ever served, by exact name: a request can never reach outside the folder.
 */
export class ConsoleAssets {
  private readonly assets: ReadonlyMap<string, ConsoleAsset>;

  constructor(
    readonly root: string = join(installRoot(), 'src', 'console', 'web'),
    bundleVerifier: string = join(installRoot(), 'scripts', 'verify-bundle.mjs'),
  ) {
    const assets = new Map(listFiles(root).flatMap((file) => asset(root, file)));
    // The auditors' standalone bundle verifier, unchanged: the Black Box panel runs the very same checks.
    if (existsSync(bundleVerifier)) assets.set(BUNDLE_VERIFIER_ASSET, { file: bundleVerifier, contentType: CONTENT_TYPES['.js'] });
    this.assets = assets;
  }

  /** The asset at a URL path relative to the console root (`index.html`, `js/main.js`), or null. */
  find(path: string): ConsoleAsset | null {
    return this.assets.get(path) ?? null;
  }

  get size(): number {
    return this.assets.size;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

function asset(root: string, file: string): Array<[string, ConsoleAsset]> {
  const contentType = CONTENT_TYPES[extname(file)];
  return contentType ? [[relative(root, file).split(sep).join('/'), { file, contentType }]] : [];
}
