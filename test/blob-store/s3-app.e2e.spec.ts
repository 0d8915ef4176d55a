import { randomUUID } from 'node:crypto';
import { AppReleases } from '../../src/deploy/local/app-releases';
import { LocalDeployer } from '../../src/deploy/local/local-deployer';
import { sha256 } from '../../src/kernel/sha256';
import { EvidenceStore } from '../../src/missions/infrastructure/evidence-store';
import { BLOB_STORE, type BlobStore } from '../../src/missions/ports/blob-store.port';
import { FAKE_AWS_CREDENTIALS, FakeS3 } from '../fakes/fake-s3.server';
import { createTestApp, type TestApp } from '../support/test-app';

/** Gantry configured with GANTRY_BLOB_STORE=s3: evidence and releases go to the bucket, and are served from it. */
describe('Gantry on an S3-compatible blob store', () => {
  const s3 = new FakeS3(['gantry']);
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  let t: TestApp;

  beforeAll(async () => {
    const endpoint = await s3.start();
    process.env.AWS_ACCESS_KEY_ID = FAKE_AWS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_AWS_CREDENTIALS.secretAccessKey;
    t = await createTestApp({
      config: { blobStore: { kind: 's3', bucket: 'gantry', endpoint, region: FAKE_AWS_CREDENTIALS.region, prefix: 'blobs/', forcePathStyle: true } },
    });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
    await s3.stop();
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });

  it('chooses the S3 adapter and checked the bucket at start', () => {
    expect(t.app.get<BlobStore>(BLOB_STORE).kind).toBe('s3');
    expect(s3.calls[0]).toBe('HEAD /gantry');
  });

  it('keeps evidence files as objects in the bucket and reads them back', async () => {
    const evidence = t.app.get(EvidenceStore);
    const missionId = randomUUID();
    await evidence.write(missionId, 'attempts/1/build.log', 'ok 1 - adds\n');
    expect(
      s3
        .objects('gantry')
        .get(`blobs/${sha256('ok 1 - adds\n')}`)
        ?.bytes.toString(),
    ).toBe('ok 1 - adds\n');
    expect((await evidence.read(missionId, 'attempts/1/build.log')).toString()).toBe('ok 1 - adds\n');
  });

  it('serves a locally deployed app whose files are objects in the bucket', async () => {
    const deployer = new LocalDeployer(t.config, t.app.get(AppReleases));
    const page = '<h1>Served from S3</h1>';
    await deployer.deploy({
      missionId: randomUUID(),
      slug: 's3-app-1234abcd',
      key: 'k',
      digest: 'cd'.repeat(32),
      files: [{ path: 'public/index.html', content: Buffer.from(page) }],
    });
    expect(s3.objects('gantry').has(`blobs/${sha256(page)}`)).toBe(true);
    const served = await t.anonymous.get('/apps/s3-app-1234abcd/').expect(200);
    expect(served.text).toBe(page);
  });
});
