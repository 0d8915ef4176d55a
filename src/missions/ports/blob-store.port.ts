import { DomainError } from '../../kernel/domain-error';

export const BLOB_STORE = Symbol('BLOB_STORE');

/** A SHA-256 in lower-case hex: the only name a blob has. */
export const BLOB_KEY = /^[0-9a-f]{64}$/;

/** The largest blob a store accepts: a whole blob is held in memory on its way in and out. */
export const MAX_BLOB_BYTES = 256 * 1024 * 1024;

/**
 * Content-addressed bytes that every process reaches (PostgreSQL by default, an S3-compatible bucket
 * optionally): evidence files and deployed releases live here, so no two processes need to share a disk.
 * A blob never changes: the same bytes are the same key, so a put is idempotent and a get can be cached.
 */
export interface BlobStore {
  readonly kind: 'postgres' | 's3';
  /** Stores the bytes (once: a second put of the same bytes does nothing) and returns their SHA-256. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes named by `sha256`, checked against it; null when no such blob is stored. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

/** A stored blob whose bytes no longer hash to its name: someone or something changed them. */
export class BlobCorruptedError extends DomainError {
  readonly code = 'BLOB_CORRUPTED';
  readonly kind = 'conflict' as const;
  constructor(readonly sha256: string) {
    super(
      `The stored blob ${sha256} no longer matches its SHA-256: it was changed after it was written`,
      'A stored file was changed after it was written, so it is refused.',
    );
  }
}

/** The blob store did not answer, or refused, for a reason that is not the blob's. */
export class BlobStoreUnavailableError extends DomainError {
  readonly code = 'BLOB_STORE_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
  constructor(message: string) {
    super(message, 'The file store is not answering right now; try again shortly.');
  }
}

/** Too big to store as one blob. */
export class BlobTooLargeError extends DomainError {
  readonly code = 'BLOB_TOO_LARGE';
  readonly kind = 'bad_input' as const;
  constructor(size: number) {
    super(`A blob of ${size} bytes is over the ${MAX_BLOB_BYTES}-byte limit`, 'That file is too large to store.');
  }
}
