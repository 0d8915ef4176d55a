import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { sha256 } from '../../kernel/sha256';
import {
  BLOB_KEY,
  BlobCorruptedError,
  BlobStoreUnavailableError,
  BlobTooLargeError,
  MAX_BLOB_BYTES,
  type BlobStore,
} from '../../missions/ports/blob-store.port';
import type { BlobStoreSettings } from '../../config/blob-store-config';

export type S3Settings = Extract<BlobStoreSettings, { kind: 's3' }>;

const MISSING = new Set(['NoSuchKey', 'NotFound']);

function isMissing(error: unknown): boolean {
  return error instanceof S3ServiceException && (MISSING.has(error.name) || error.$metadata.httpStatusCode === 404);
}

function unavailable(what: string, error: unknown): BlobStoreUnavailableError {
  const reason =
    error instanceof S3ServiceException
      ? `${error.name}: ${error.message} (HTTP ${error.$metadata.httpStatusCode ?? 'no status'})`
      : error instanceof Error
        ? error.message
        : String(error);
  return new BlobStoreUnavailableError(`The S3 blob store refused to ${what}: ${reason}`);
}

/**
 * Blobs as objects `<prefix><sha256>` in an S3-compatible bucket. Checksums beyond S3's own are only sent
 * when an operation requires them (many S3-compatible services refuse the newer ones); Gantry checks each
 * object's SHA-256 itself on read.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;

  constructor(
    private readonly client: S3Client,
    private readonly settings: Pick<S3Settings, 'bucket' | 'prefix'>,
  ) {}

  static create(settings: S3Settings, timeoutMs: number): S3BlobStore {
    const client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint ?? undefined,
      forcePathStyle: settings.forcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
    });
    return new S3BlobStore(client, settings);
  }

  private objectKey(key: string): string {
    return `${this.settings.prefix}${key}`;
  }

  /** Fails fast at start when the bucket is missing or the credentials are refused. */
  async checkReachable(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (error) {
      throw unavailable(`open bucket "${this.settings.bucket}"`, error);
    }
  }

  async put(bytes: Buffer): Promise<string> {
    if (bytes.length > MAX_BLOB_BYTES) throw new BlobTooLargeError(bytes.length);
    const key = sha256(bytes);
    if (await this.has(key)) return key;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(key),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
        }),
      );
    } catch (error) {
      throw unavailable(`store blob ${key}`, error);
    }
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!BLOB_KEY.test(key)) return null;
    let bytes: Buffer;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      if (!answer.Body) throw new Error('the answer had no body');
      bytes = Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) return null;
      throw unavailable(`read blob ${key}`, error);
    }
    if (sha256(bytes) !== key) throw new BlobCorruptedError(key);
    return bytes;
  }

  async has(key: string): Promise<boolean> {
    if (!BLOB_KEY.test(key)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw unavailable(`look up blob ${key}`, error);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
