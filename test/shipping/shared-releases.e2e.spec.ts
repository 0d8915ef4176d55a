import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { required } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { SHIPPED, STATIC_APP, seedGreenMission } from './support/green-mission';

const contentOf = (path: string): string =>
  required(
    STATIC_APP.files.find((file) => file.path === path),
    path,
  ).content;

/** A release as the disk-based local deployer left it: a folder with a marker, and `live/<slug>` linking to it. */
function diskRelease(dataDir: string, slug: string, files: Record<string, string>): void {
  const digest = 'ab'.repeat(32);
  const folder = join(dataDir, 'apps', 'releases', slug, digest.slice(0, 32));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  writeFileSync(join(folder, '.gantry-release.json'), JSON.stringify({ key: 'disk-key', digest, files: Object.keys(files).length }));
  mkdirSync(join(dataDir, 'apps', 'live'), { recursive: true });
  symlinkSync(folder, join(dataDir, 'apps', 'live', slug));
}

describe('Any Gantry process serves any deployed app and reads any evidence, with no disk shared', () => {
  let builder: TestApp;
  let server: TestApp;
  let serverDirs: { dataDir: string; missionsDir: string };
  let id: string;
  let appPath: string;

  beforeAll(async () => {
    const db = await createTestDatabase();
    const builderMissions = mkdtempSync(join(tmpdir(), 'gantry-builder-missions-'));
    builder = await createTestApp({ db, config: { missionsDir: builderMissions } });
    id = await seedGreenMission(db, builderMissions);
    const final = await waitForStatus(builder.http, id, SHIPPED, 600);
    expect(final.status).toBe('DEPLOYED');
    appPath = new URL(String(final.url)).pathname;

    serverDirs = { dataDir: mkdtempSync(join(tmpdir(), 'gantry-server-data-')), missionsDir: mkdtempSync(join(tmpdir(), 'gantry-server-missions-')) };
    diskRelease(serverDirs.dataDir, 'old-app', { 'index.html': '<h1>Deployed before the blob store</h1>', 'css/site.css': 'h1 { color: red }' });
    // Every process signs the transparency log with the one key (GANTRY_LOG_KEY_FILE), handed to each like any secret.
    server = await createTestApp({ db, config: { ...serverDirs, transparencyLog: builder.config.transparencyLog } });
    await server.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
    await builder.close();
    await builder.db.drop();
  });

  it('serves the app from a second process that did not build it, with its own empty data and missions folders', async () => {
    const page = await server.anonymous.get(appPath).expect(200);
    expect(page.text).toBe(contentOf('public/index.html'));
    expect(page.headers['content-security-policy']).toContain('sandbox');
    const style = await server.anonymous.get(`${appPath}style.css`).expect(200);
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(style.text).toBe(contentOf('public/style.css'));
    await server.anonymous.get(`${appPath}package.json`).expect(404);
    await server.anonymous.get(`${appPath}..%2f..%2fpackage.json`).expect(404);
    expect(existsSync(join(serverDirs.dataDir, 'apps', 'releases', appPath.split('/')[2]))).toBe(false);
    expect(existsSync(join(serverDirs.missionsDir, id))).toBe(false);
  });

  it('answers a revalidation by ETag with 304 and no body', async () => {
    const page = await server.anonymous.get(appPath).expect(200);
    const etag = page.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await server.anonymous.get(appPath).set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
  });

  it("reads the mission's evidence (the pull request's description, the audit bundle) from the store", async () => {
    const pr = await server.http.get(`/gantry/missions/${id}/pr`).expect(200);
    expect((pr.body as { description: string }).description).toContain(`Built by Gantry for mission \`${id}\``);
    await server.http.get(`/gantry/missions/${id}/audit/bundle`).expect(200);
  });

  it('moves an app deployed on disk by an earlier Gantry into the store at start, so every process serves it', async () => {
    for (const app of [server, builder]) {
      expect((await app.anonymous.get('/apps/old-app/').expect(200)).text).toBe('<h1>Deployed before the blob store</h1>');
      expect((await app.anonymous.get('/apps/old-app/css/site.css').expect(200)).headers['content-type']).toBe('text/css; charset=utf-8');
      await app.anonymous.get('/apps/old-app/.gantry-release.json').expect(404);
    }
  });

  it('serves it from a third process whose cache is cold', async () => {
    const third = await createTestApp({ db: builder.db, config: { transparencyLog: builder.config.transparencyLog } });
    try {
      expect((await third.anonymous.get(appPath).expect(200)).text).toBe(contentOf('public/index.html'));
    } finally {
      await third.close();
    }
  });
});
