import type { Pool } from 'pg';
import { inPoolTransaction } from '../../database/pool-transaction';
import type { BlobStore } from '../../missions/ports/blob-store.port';
import type { SiteFile } from '../../missions/ports/deployer.port';
import { BlobCache } from './blob-cache';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;

/** A release's files: each path of the site and the SHA-256 of its bytes in the blob store. */
export type ReleaseFiles = Readonly<Record<string, string>>;

export interface LiveRelease {
  release: string;
  files: ReleaseFiles;
}

/** Files stored at once while a release is written (each put is one round trip to the store). */
const PUTS_AT_ONCE = 8;

const releaseOf = (digest: string): string => digest.slice(0, 32);

/**
 * Locally deployed apps, in PostgreSQL and the blob store so that every process serves every app: a
 * release (`app_releases`, named by the first 32 hex digits of its digest) is complete once its row is
 * written, after all its files are stored; `app_live` names the release each slug serves, switched in
 * one transaction that also removes the slug's other releases. Files are read back by hash, through a
 * bounded cache (a blob never changes).
 */
export class AppReleases {
  private readonly cache: BlobCache;

  constructor(
    private readonly pool: Pool,
    private readonly blobs: BlobStore,
  ) {
    this.cache = new BlobCache(blobs);
  }

  /** Null when the release was never completed (a crash mid-write leaves no row). */
  async completed(slug: string, digest: string): Promise<{ key: string } | null> {
    const { rows } = await this.pool.query<{ key: string }>('SELECT key FROM app_releases WHERE slug = $1 AND release = $2', [slug, releaseOf(digest)]);
    return rows[0] ?? null;
  }

  async write(slug: string, digest: string, key: string, files: SiteFile[]): Promise<void> {
    const named: Record<string, string> = {};
    for (let start = 0; start < files.length; start += PUTS_AT_ONCE) {
      const batch = files.slice(start, start + PUTS_AT_ONCE);
      const keys = await Promise.all(batch.map((file) => this.blobs.put(file.content)));
      batch.forEach((file, i) => (named[file.path] = keys[i]));
    }
    await this.pool.query(
      `INSERT INTO app_releases (slug, release, digest, key, files) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug, release) DO UPDATE SET digest = $3, key = $4, files = $5`,
      [slug, releaseOf(digest), digest, key, JSON.stringify(named)],
    );
  }

  /** Points the slug at the release and removes the slug's other releases, in one transaction. */
  async goLive(slug: string, digest: string): Promise<void> {
    await this.switchLive(slug, releaseOf(digest), 'replace');
  }

  /** Makes the release live only when the slug serves nothing yet (adopting releases found on disk). */
  async goLiveIfNone(slug: string, digest: string): Promise<void> {
    await this.switchLive(slug, releaseOf(digest), 'if-none');
  }

  private async switchLive(slug: string, release: string, mode: 'replace' | 'if-none'): Promise<void> {
    await inPoolTransaction(this.pool, async (client) => {
      const upsert = mode === 'replace' ? 'DO UPDATE SET release = $2, since = now()' : 'DO NOTHING';
      const { rowCount } = await client.query(`INSERT INTO app_live (slug, release) VALUES ($1, $2) ON CONFLICT (slug) ${upsert}`, [slug, release]);
      if ((rowCount ?? 0) > 0) await client.query('DELETE FROM app_releases WHERE slug = $1 AND release <> $2', [slug, release]);
    });
  }

  /** The release the slug serves, or null. */
  async live(slug: string): Promise<LiveRelease | null> {
    if (!SLUG_PATTERN.test(slug)) return null;
    const { rows } = await this.pool.query<LiveRelease>(
      'SELECT r.release, r.files FROM app_live l JOIN app_releases r ON r.slug = l.slug AND r.release = l.release WHERE l.slug = $1',
      [slug],
    );
    return rows[0] ?? null;
  }

  /** A file of a release, by the hash the release names. */
  async file(sha256: string): Promise<Buffer | null> {
    return this.cache.get(sha256);
  }

  /** Completed releases of a slug (for tests and audits: one per deployment). */
  async releases(slug: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ release: string }>('SELECT release FROM app_releases WHERE slug = $1 ORDER BY release', [slug]);
    return rows.map((row) => row.release);
  }
}
