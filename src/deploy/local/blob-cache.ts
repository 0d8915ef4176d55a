import type { BlobStore } from '../../missions/ports/blob-store.port';

const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * The blobs an app serves, kept in memory up to a byte budget, least recently used out first. A blob
 * never changes, so nothing here can go stale; a blob larger than a quarter of the budget is never kept.
 */
export class BlobCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    private readonly blobs: BlobStore,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {}

  async get(key: string): Promise<Buffer | null> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const bytes = await this.blobs.get(key);
    if (bytes && bytes.length <= this.budgetBytes / 4) this.keep(key, bytes);
    return bytes;
  }

  private keep(key: string, bytes: Buffer): void {
    if (this.entries.has(key)) return;
    this.entries.set(key, bytes);
    this.bytes += bytes.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}
