import { blobStoreChoices } from './blob-store-config';
import { loadConfig } from './gantry-config';

describe('blob store configuration', () => {
  it('is PostgreSQL unless told otherwise', () => {
    expect(blobStoreChoices({})).toEqual({ kind: 'postgres' });
    expect(blobStoreChoices({ GANTRY_BLOB_STORE: 'postgres', GANTRY_S3_BUCKET: 'ignored' })).toEqual({ kind: 'postgres' });
  });

  it('reads an S3-compatible bucket, path-style when an endpoint is named', () => {
    expect(blobStoreChoices({ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'gantry-evidence', AWS_REGION: 'eu-west-1' })).toEqual({
      kind: 's3',
      bucket: 'gantry-evidence',
      endpoint: null,
      region: 'eu-west-1',
      prefix: '',
      forcePathStyle: false,
    });
    expect(
      blobStoreChoices({
        GANTRY_BLOB_STORE: 's3',
        GANTRY_S3_BUCKET: 'blobs',
        GANTRY_S3_ENDPOINT: 'http://minio:9000/',
        GANTRY_S3_REGION: 'auto',
        GANTRY_S3_PREFIX: 'gantry/blobs/',
      }),
    ).toEqual({ kind: 's3', bucket: 'blobs', endpoint: 'http://minio:9000', region: 'auto', prefix: 'gantry/blobs/', forcePathStyle: true });
  });

  it.each([
    [{ GANTRY_BLOB_STORE: 'disk' }, /GANTRY_BLOB_STORE must be one of postgres, s3/],
    [{ GANTRY_BLOB_STORE: 's3' }, /GANTRY_S3_BUCKET is required when GANTRY_BLOB_STORE=s3/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'Upper_Case' }, /GANTRY_S3_BUCKET must be an S3 bucket name/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ab' }, /GANTRY_S3_BUCKET must be an S3 bucket name/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ok-bucket', GANTRY_S3_ENDPOINT: 'ftp://x' }, /GANTRY_S3_ENDPOINT must start with http/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ok-bucket', GANTRY_S3_ENDPOINT: 'not a url' }, /GANTRY_S3_ENDPOINT is not a URL/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ok-bucket', GANTRY_S3_PREFIX: 'no-slash' }, /GANTRY_S3_PREFIX must be folder names/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ok-bucket', GANTRY_S3_PREFIX: '../up/' }, /GANTRY_S3_PREFIX must be folder names/],
    [{ GANTRY_BLOB_STORE: 's3', GANTRY_S3_BUCKET: 'ok-bucket', GANTRY_S3_FORCE_PATH_STYLE: 'yes' }, /GANTRY_S3_FORCE_PATH_STYLE must be one of true, false/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env, '/srv/gantry')).toThrow(message);
  });
});
