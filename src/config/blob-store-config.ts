import { ConfigError, httpUrl, oneOf, optional, type Env } from './env-readers';

/** Where evidence files and deployed releases are kept: PostgreSQL (default) or an S3-compatible bucket. */
export type BlobStoreSettings =
  | { kind: 'postgres' }
  | {
      kind: 's3';
      bucket: string;
      /** Null: AWS itself; otherwise an S3-compatible service (MinIO, R2, Ceph...). */
      endpoint: string | null;
      region: string;
      /** Prepended to every key, e.g. `gantry/` to share a bucket. */
      prefix: string;
      /** `https://host/bucket/key` rather than `https://bucket.host/key` (what most S3-compatible services want). */
      forcePathStyle: boolean;
    };

const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Folder names each ending in a slash, none of them `.` or `..`. */
const PREFIX = /^((?!\.{1,2}\/)[A-Za-z0-9!_.*'()-]+\/)*$/;

function flag(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

/** Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, a role): never kept here. */
export function blobStoreChoices(env: Env): BlobStoreSettings {
  if (oneOf(env, 'GANTRY_BLOB_STORE', ['postgres', 's3'] as const, 'postgres') === 'postgres') return { kind: 'postgres' };
  const bucket = optional(env, 'GANTRY_S3_BUCKET');
  if (bucket === null) throw new ConfigError('GANTRY_S3_BUCKET', 'is required when GANTRY_BLOB_STORE=s3');
  if (!BUCKET.test(bucket))
    throw new ConfigError('GANTRY_S3_BUCKET', `must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens (got "${bucket}")`);
  const prefix = optional(env, 'GANTRY_S3_PREFIX') ?? '';
  if (!PREFIX.test(prefix)) throw new ConfigError('GANTRY_S3_PREFIX', `must be folder names each ending in "/", e.g. gantry/blobs/ (got "${prefix}")`);
  const endpoint = httpUrl(env, 'GANTRY_S3_ENDPOINT', null);
  return {
    kind: 's3',
    bucket,
    endpoint,
    region: optional(env, 'GANTRY_S3_REGION') ?? optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    prefix,
    forcePathStyle: flag(env, 'GANTRY_S3_FORCE_PATH_STYLE', endpoint !== null),
  };
}
