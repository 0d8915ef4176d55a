import { DeploymentError, type DeploymentRequest } from '../../src/missions/ports/deployer.port';
import { VercelDeployer } from '../../src/deploy/vercel/vercel-deployer';
import { FakeVercel } from '../fakes/fake-vercel.server';

const TOKEN = 'vercel_fakeTokenForTheWireTests_000001';
const request: DeploymentRequest = {
  missionId: '5b1f8f3e-7a52-4c0f-9d0e-0c8a1d2e3f40',
  slug: 'tip-calculator-5b1f8f3e',
  key: '5b1f8f3e-7a52-4c0f-9d0e-0c8a1d2e3f40.1.1',
  digest: 'd'.repeat(64),
  files: [{ path: 'public/index.html', content: Buffer.from('<h1>Tips</h1>\n') }],
};

describe('The Vercel deployer against a wire-level fake', () => {
  let vercel: FakeVercel;
  let deployer: VercelDeployer;
  beforeEach(async () => {
    vercel = new FakeVercel(TOKEN);
    deployer = new VercelDeployer(await vercel.http.start(), { pollIntervalMs: 5, readyTimeoutMs: 2000, retry: { tries: 3, baseDelayMs: 5 } });
    process.env.VERCEL_TOKEN = TOKEN;
  });
  afterEach(async () => {
    delete process.env.VERCEL_TOKEN;
    await vercel.http.stop();
  });

  it('looks for its key, creates the deployment with the files inline, and polls until READY', async () => {
    const deployment = await deployer.deploy(request);
    const [created] = vercel.deployments;
    expect(vercel.http.calls).toEqual([
      'GET /v6/deployments',
      'POST /v13/deployments',
      `GET /v13/deployments/${created.id}`,
      `GET /v13/deployments/${created.id}`,
    ]);
    expect(deployment).toEqual({ deploymentId: created.id, url: `https://${created.url}`, reused: false });
    expect(created.files).toEqual([{ file: 'public/index.html', data: Buffer.from('<h1>Tips</h1>\n').toString('base64'), encoding: 'base64' }]);
    expect(created.meta).toMatchObject({ gantryKey: request.key, gantryDigest: request.digest });
    expect(vercel.http.bodies[0].query.get('meta-gantryKey')).toBe(request.key);
  });

  it('finds the deployment it made before a restart instead of making a second one', async () => {
    await deployer.deploy(request);
    const again = await deployer.deploy(request);
    expect(again.reused).toBe(true);
    expect(vercel.deployments).toHaveLength(1);
  });

  it('fails with the reason when the deployment ends in ERROR', async () => {
    vercel.outcome = 'ERROR';
    await expect(deployer.deploy(request)).rejects.toThrow(/ended ERROR: Command "npm run build" exited with 1/);
  });

  it('fails as timed out when the deployment never gets ready', async () => {
    vercel.outcome = 'STUCK';
    const quick = new VercelDeployer((await restart(vercel)).url, { pollIntervalMs: 5, readyTimeoutMs: 50 });
    await expect(quick.deploy(request)).rejects.toThrow(/was not ready after 0 s \(last state QUEUED\)/);
  });

  it('says why on a 401, without the token', async () => {
    process.env.VERCEL_TOKEN = 'vercel_wrongTokenValue_00000000000';
    const failure = await deployer.deploy(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeploymentError);
    expect((failure as Error).message).toBe('Vercel answered 401 to GET /v6/deployments: forbidden: Not authorized');
    expect(vercel.deployments).toHaveLength(0);
  });

  it('retries reads on a 5xx, and after a 5xx on create looks for the deployment before creating again', async () => {
    vercel.http.fail('GET', /^\/v6\/deployments$/, 1, {
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'An unexpected error occurred' } },
    });
    vercel.http.fail('POST', /^\/v13\/deployments$/, 1, { status: 503, body: { error: { code: 'service_unavailable', message: 'Try again' } } });
    const deployment = await deployer.deploy(request);
    expect(vercel.http.calls.slice(0, 5)).toEqual([
      'GET /v6/deployments',
      'GET /v6/deployments',
      'POST /v13/deployments',
      'GET /v6/deployments',
      'POST /v13/deployments',
    ]);
    expect(deployment.reused).toBe(false);
    expect(vercel.deployments).toHaveLength(1);
  });

  it('refuses to start without VERCEL_TOKEN', async () => {
    delete process.env.VERCEL_TOKEN;
    await expect(deployer.deploy(request)).rejects.toThrow('VERCEL_TOKEN is not set');
    expect(vercel.http.calls).toEqual([]);
  });
});

async function restart(vercel: FakeVercel): Promise<{ url: string }> {
  await vercel.http.stop();
  return { url: await vercel.http.start() };
}
