import type { SiteFile } from '../../missions/ports/deployer.port';

/** Files that are the project's workings, not its site: never served. */
const NOT_SITE = [
  /(^|\/)\./,
  /(^|\/)(test|tests|__tests__|spec|node_modules)\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|vercel\.json)$/,
];

function isSiteFile(path: string): boolean {
  return !NOT_SITE.some((pattern) => pattern.test(path));
}

/**
 * The static site a project serves: its `public/` folder when it has `public/index.html` (the Vercel
 * convention the architect follows), otherwise its own files without tests and package manifests.
 */
export function staticSite(files: SiteFile[]): SiteFile[] {
  const hasPublicRoot = files.some((file) => file.path === 'public/index.html');
  const rooted = hasPublicRoot
    ? files.filter((file) => file.path.startsWith('public/')).map((file) => ({ ...file, path: file.path.slice('public/'.length) }))
    : files;
  return rooted.filter((file) => isSiteFile(file.path));
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

export function contentTypeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return path.includes('.') ? (CONTENT_TYPES[extension] ?? 'application/octet-stream') : 'application/octet-stream';
}
