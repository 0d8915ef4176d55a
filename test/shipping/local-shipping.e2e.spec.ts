import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppReleases } from '../../src/deploy/local/app-releases';
import { LocalDeployer } from '../../src/deploy/local/local-deployer';
import type { ErrorBody, EventsBody } from '../support/bodies';
import { match, required } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { SHIPPED, STATIC_APP, seedGreenMission } from './support/green-mission';

/** GET /gantry/missions/:id/pr: the fields this suite reads beyond the ones it matches. */
interface PullRequestBody {
  description: string;
  diff: string;
}

/** A raw GET, so that `..` and encoded dots reach the server exactly as written. */
function rawGet(t: TestApp, path: string): Promise<{ status: number; body: string }> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function waitForFile(path: string): Promise<string> {
  for (let tries = 0; tries < 200 && !existsSync(path); tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  return readFileSync(path, 'utf8');
}

describe('Shipping with the defaults (local deployer, local git publisher)', () => {
  let t: TestApp;
  let missionsDir: string;
  let id: string;
  let final: Record<string, unknown>;
  let appPath: string;
  beforeAll(async () => {
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-ship-'));
    t = await createTestApp({ db: await createTestDatabase(), config: { missionsDir } });
    await t.app.listen(0, '127.0.0.1');
    id = await seedGreenMission(t.db, missionsDir);
    final = await waitForStatus(t.http, id, SHIPPED, 600);
    appPath = new URL(String(final.url)).pathname;
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('ends DEPLOYED with a live URL and a pull request, both in the status', () => {
    expect(final).toMatchObject({
      status: 'DEPLOYED',
      url: `${t.config.publicUrl}/apps/tip-calculator-${id.slice(0, 8)}/`,
      pr_url: `${t.config.publicUrl}/gantry/missions/${id}/pr`,
      speech: match.stringContaining('Live at'),
    });
  });

  it("serves the app's page at its live URL with the right content types, and only its site files", async () => {
    const page = await t.http.get(appPath).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>Tip Calculator</h1>');
    expect(page.headers['content-security-policy']).toMatch(/^sandbox /);
    expect((await t.http.get(`${appPath}style.css`).expect(200)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await t.http.get(`${appPath}app.js`).expect(200)).headers['content-type']).toBe('text/javascript; charset=utf-8');
    await t.http.get(`${appPath}index.html`).expect(200);
    await t.http.get(appPath.slice(0, -1)).expect(301).expect('Location', appPath);
    for (const hidden of ['package.json', 'test/tip.test.js', '.gantry-release.json', 'public/index.html']) await t.http.get(`${appPath}${hidden}`).expect(404);
    await t.http.get('/apps/no-such-app-00000000/').expect(404);
  });

  it("never lists a folder and never leaves the app's folder, however the path is written", async () => {
    for (const path of [
      '../../../etc/passwd',
      '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '..%2f..%2fpackage.json',
      '/etc/passwd',
      '%2Fetc%2Fpasswd',
      '..\\..\\etc\\passwd',
      'index.html%00.js',
    ]) {
      const answer = await rawGet(t, `${appPath}${path}`);
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).not.toMatch(/root:|"name": "gantry"/);
    }
    expect((await rawGet(t, `/apps/tip-calculator-${id.slice(0, 8)}/../../gantry/missions`)).status).toBe(404);
  });

  it('commits exactly the passing files on gantry/<slug>-<id8>, with main left at its initial commit', () => {
    const repo = join(t.config.dataDir, 'repos', 'anonymous.tip-calculator.git');
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8' }).trim();
    const branch = `gantry/tip-calculator-${id.slice(0, 8)}`;
    expect(git('ls-tree', '-r', '--name-only', branch).split('\n')).toEqual(STATIC_APP.files.map((file) => file.path).sort());
    for (const file of STATIC_APP.files) expect(git('show', `${branch}:${file.path}`)).toBe(file.content.trim());
    expect(git('ls-tree', '-r', '--name-only', 'main')).toBe('');
    expect(git('rev-list', '--count', 'main')).toBe('1');
    expect(git('log', '-1', '--format=%B', branch)).toContain(`Gantry-Mission: ${id}`);
  });

  it("shows the pull request's description and diff, and 404s with speech when there is none", async () => {
    const pr = (await t.http.get(`/gantry/missions/${id}/pr`).expect(200)).body as PullRequestBody;
    expect(pr).toMatchObject({ number: 1, branch: `gantry/tip-calculator-${id.slice(0, 8)}`, base_branch: 'main', speech: match.any(String) });
    const { head } = (await t.http.get(`/gantry/missions/${id}/events`)).body as EventsBody;
    expect(pr.description).toMatch(/## Plan[\s\S]*## Files \(attempt 1\)[\s\S]*## Tests[\s\S]*## Live[\s\S]*## Black Box/);
    expect(pr.description).toContain(String(final.url));
    expect(pr.description).toMatch(/Head hash `[0-9a-f]{64}`/);
    expect(head.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pr.diff).toContain('+++ b/public/index.html');
    const quiet = await seedGreenMission(t.db, missionsDir, STATIC_APP, { deploy: false, publish: false });
    await waitForStatus(t.http, quiet, ['SUCCESS'], 600);
    const none = await t.http.get(`/gantry/missions/${quiet}/pr`).expect(404);
    expect((none.body as ErrorBody).speech).toBe('This mission has no pull request yet.');
  });

  it('completes the evidence pack: deployment and pull request records and audit.jsonl with every event and its hash', async () => {
    const audit = (await waitForFile(join(missionsDir, id, 'audit.jsonl')))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; hash: string; prevHash: string });
    const { events } = (await t.http.get(`/gantry/missions/${id}/events`)).body as EventsBody;
    expect(audit.map((event) => event.hash)).toEqual(events.map((event) => event.hash));
    expect(required(audit.at(-1), 'a last audit line').type).toBe('MissionSucceeded');
    expect(JSON.parse(readFileSync(join(missionsDir, id, 'deployment.json'), 'utf8'))).toMatchObject({ provider: 'local', url: final.url });
    expect(JSON.parse(readFileSync(join(missionsDir, id, 'pull-request.json'), 'utf8'))).toMatchObject({ provider: 'local', number: 1 });
    expect(existsSync(join(missionsDir, id, 'pull-request.md'))).toBe(true);
    expect(existsSync(join(missionsDir, id, 'attempts/1/files/public/index.html'))).toBe(true);
  });

  it('replaces a deployment atomically: the new release goes live in one rename and the old one is removed', async () => {
    const deployer = new LocalDeployer(t.config, t.app.get(AppReleases));
    const slug = `tip-calculator-${id.slice(0, 8)}`;
    const next = await deployer.deploy({
      missionId: id,
      slug,
      key: 'redeploy',
      digest: 'f'.repeat(64),
      files: [
        { path: 'index.html', content: Buffer.from('<h1>Version 2</h1>') },
        { path: 'assets/logo.svg', content: Buffer.from('<svg/>') },
      ],
    });
    expect(next.reused).toBe(false);
    expect((await t.http.get(appPath).expect(200)).text).toBe('<h1>Version 2</h1>');
    expect((await t.http.get(`${appPath}assets/logo.svg`).expect(200)).headers['content-type']).toBe('image/svg+xml');
    await t.http.get(`${appPath}assets/`).expect(404);
    await t.http.get(`${appPath}assets`).expect(301);
    expect(await deployer.releases.releases(slug)).toEqual(['f'.repeat(32)]);
  });
});
