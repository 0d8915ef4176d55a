import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SiteFile } from '../../missions/ports/deployer.port';
import { SLUG_PATTERN, type AppReleases } from './app-releases';

/** What the disk-based deployer wrote beside each release's files. */
const MARKER = '.gantry-release.json';

function parseMarker(text: string): { key: string; digest: string } | null {
  try {
    const marker = JSON.parse(text) as { key?: unknown; digest?: unknown };
    return typeof marker.key === 'string' && typeof marker.digest === 'string' && /^[0-9a-f]{32,}$/.test(marker.digest)
      ? { key: marker.key, digest: marker.digest }
      : null;
  } catch {
    return null;
  }
}

async function filesUnder(root: string, folder = root): Promise<SiteFile[]> {
  const files: SiteFile[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(root, path)));
    else if (entry.isFile() && !(folder === root && entry.name === MARKER))
      files.push({ path: relative(root, path).split('\\').join('/'), content: await readFile(path) });
  }
  return files;
}

async function adoptOne(releases: AppReleases, liveRoot: string, slug: string): Promise<boolean> {
  const folder = await realpath(join(liveRoot, slug)).catch(() => null);
  if (!folder) return false;
  const marker = await readFile(join(folder, MARKER), 'utf8').then(parseMarker, () => null);
  if (marker === null) return false;
  const { key, digest } = marker;
  if ((await releases.completed(slug, digest)) === null) await releases.write(slug, digest, key, await filesUnder(folder));
  await releases.goLiveIfNone(slug, digest);
  return true;
}

/**
 * Apps deployed before releases lived in the blob store (`<dataDir>/apps/live/<slug>` → a release
 * folder): each one is stored and made live unless the slug already serves a release from the store.
 * Safe to run in every process at every start; returns the slugs adopted.
 */
export async function adoptLegacyReleases(releases: AppReleases, appsRoot: string): Promise<string[]> {
  const liveRoot = join(appsRoot, 'live');
  const slugs = (await readdir(liveRoot).catch(() => [])).filter((name) => SLUG_PATTERN.test(name));
  const adopted: string[] = [];
  for (const slug of slugs) if (await adoptOne(releases, liveRoot, slug)) adopted.push(slug);
  return adopted;
}
