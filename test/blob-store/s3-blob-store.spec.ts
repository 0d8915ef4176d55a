import { randomBytes } from 'node:crypto';
import { S3BlobStore, type S3Settings } from '../../src/blob-store/s3/s3-blob-store';
import { sha256 } from '../../src/kernel/sha256';
import { BlobCorruptedError, BlobStoreUnavailableError } from '../../src/missions/ports/blob-store.port';
import { FAKE_AWS_CREDENTIALS, FakeS3 } from '../fakes/fake-s3.server';

/** The S3 adapter, driven through the real @aws-sdk/client-s3 against a fake that speaks S3 on the wire. */
describe('The S3 blob store against a wire-level fake S3', () => {
  const s3 = new FakeS3(['gantry-evidence']);
  let settings: S3Settings;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  const opened: S3BlobStore[] = [];
  const open = (overrides: Partial<S3Settings> = {}) => {
    const store = S3BlobStore.create({ ...settings, ...overrides }, 5000);
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    settings = {
      kind: 's3',
      bucket: 'gantry-evidence',
      endpoint: await s3.start(),
      region: FAKE_AWS_CREDENTIALS.region,
      prefix: 'gantry/blobs/',
      forcePathStyle: true,
    };
    process.env.AWS_ACCESS_KEY_ID = FAKE_AWS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_AWS_CREDENTIALS.secretAccessKey;
  });
  afterAll(async () => {
    opened.forEach((store) => store.destroy());
    await s3.stop();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('puts an object named by its SHA-256 under the prefix, signed, and gets it back', async () => {
    const store = open();
    await store.checkReachable();
    const bytes = Buffer.from('<h1>Hello from S3</h1>');
    const key = await store.put(bytes);
    expect(key).toBe(sha256(bytes));
    expect(s3.objects('gantry-evidence').get(`gantry/blobs/${key}`)?.bytes).toEqual(bytes);
    expect(await store.get(key)).toEqual(bytes);
    expect(await store.has(key)).toBe(true);
  });

  it('does not upload bytes it already holds (a HEAD answers first)', async () => {
    const store = open();
    const bytes = randomBytes(2048);
    await store.put(bytes);
    s3.calls.length = 0;
    await store.put(bytes);
    expect(s3.calls).toEqual([`HEAD /gantry-evidence/gantry/blobs/${sha256(bytes)}`]);
  });

  it('carries a large blob whole', async () => {
    const store = open();
    const bytes = randomBytes(5 * 1024 * 1024 + 3);
    const key = await store.put(bytes);
    expect((await store.get(key))?.equals(bytes)).toBe(true);
  });

  it('answers null for a missing object (S3 NoSuchKey) and anything that is not a SHA-256, without asking S3 about the latter', async () => {
    const store = open();
    expect(await store.get(sha256('never stored'))).toBeNull();
    expect(await store.has(sha256('never stored'))).toBe(false);
    s3.calls.length = 0;
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(s3.calls).toEqual([]);
  });

  it('refuses an object whose bytes were changed in the bucket', async () => {
    const store = open();
    const key = await store.put(Buffer.from('the release as built'));
    s3.tamper('gantry-evidence', `gantry/blobs/${key}`, Buffer.from('the release as altered'));
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobCorruptedError);
  });

  it('rides out one SlowDown (the SDK retries) and reports a bucket that keeps failing as unavailable', async () => {
    const store = open();
    s3.fail('SlowDown', 1);
    const key = await store.put(Buffer.from('after one slow down'));
    expect(await store.get(key)).toEqual(Buffer.from('after one slow down'));
    s3.fail('InternalError', 3);
    await expect(store.get(key)).rejects.toThrow(
      new BlobStoreUnavailableError(
        `The S3 blob store refused to read blob ${key}: InternalError: We encountered an internal error. Please try again. (HTTP 500)`,
      ),
    );
  });

  it('fails fast at start on a missing bucket, and on credentials S3 refuses', async () => {
    await expect(open({ bucket: 'no-such-bucket' }).checkReachable()).rejects.toThrow(/refused to open bucket "no-such-bucket": .*HTTP 404/);
    process.env.AWS_SECRET_ACCESS_KEY = 'a-wrong-secret';
    try {
      const wrong = open();
      await expect(wrong.put(Buffer.from('refused'))).rejects.toThrow(/HTTP 403/);
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = FAKE_AWS_CREDENTIALS.secretAccessKey;
    }
  });
});
