import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SiteFile } from '../../missions/ports/deployer.port';

const MARKER = '.gantry-release.json';
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;

/**
 * Locally deployed apps under `<dataDir>/apps`: each release is a folder named by its digest,
 * `releases/<slug>/<digest>`, complete once its marker is written; `live/<slug>` is a symlink to the
 * release being served, swapped atomically by a rename.
 */
export class AppReleases {
  constructor(private readonly root: string) {}

  private releaseFolder(slug: string, digest: string): string {
    return join(this.root, 'releases', slug, digest.slice(0, 32));
  }

  private liveLink(slug: string): string {
    return join(this.root, 'live', slug);
  }

  /** Null when the release was never completed (a crash mid-write leaves no marker). */
  async completed(slug: string, digest: string): Promise<{ key: string } | null> {
    try {
      return JSON.parse(await readFile(join(this.releaseFolder(slug, digest), MARKER), 'utf8')) as { key: string };
    } catch {
      return null;
    }
  }

  async write(slug: string, digest: string, key: string, files: SiteFile[]): Promise<void> {
    const folder = this.releaseFolder(slug, digest);
    const staging = `${folder}.${randomBytes(4).toString('hex')}.staging`;
    for (const file of files) {
      await mkdir(dirname(join(staging, file.path)), { recursive: true });
      await writeFile(join(staging, file.path), file.content, { mode: 0o644 });
    }
    await writeFile(join(staging, MARKER), JSON.stringify({ key, digest, files: files.length }), { mode: 0o644 });
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  }

  /** Points the live link at the release in one rename, then removes the other releases of the slug. */
  async goLive(slug: string, digest: string): Promise<void> {
    const link = this.liveLink(slug);
    await mkdir(dirname(link), { recursive: true });
    const temporary = `${link}.${randomBytes(4).toString('hex')}.tmp`;
    await symlink(this.releaseFolder(slug, digest), temporary);
    await rename(temporary, link);
    const keep = digest.slice(0, 32);
    for (const entry of await readdir(join(this.root, 'releases', slug))) {
      if (entry !== keep) await rm(join(this.root, 'releases', slug, entry), { recursive: true, force: true });
    }
  }

  /** The real folder of the slug's live release, or null. */
  async liveFolder(slug: string): Promise<string | null> {
    if (!SLUG_PATTERN.test(slug)) return null;
    return realpath(this.liveLink(slug)).catch(() => null);
  }

  /** Completed releases of a slug (for tests and audits: one per deployment). */
  async releases(slug: string): Promise<string[]> {
    const entries = await readdir(join(this.root, 'releases', slug)).catch(() => []);
    return entries.filter((entry) => !entry.endsWith('.staging'));
  }
}
