import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/missions/domain/manifest';
import type { GantryConfig } from '../../src/config/gantry-config';
import { DEPLOYER } from '../../src/missions/ports/deployer.port';
import { VercelDeployer } from '../../src/deploy/vercel/vercel-deployer';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import { FakeGitHub } from '../fakes/fake-github.server';
import { FakeVercel } from '../fakes/fake-vercel.server';
import type { MissionRefBody } from '../support/bodies';
import { match } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { scriptedArchitect } from '../support/scripted-architect';
import { createTestApp, type TestApp } from '../support/test-app';
import { SHIPPED, STATIC_APP, seedGreenMission } from './support/green-mission';

const VERCEL_TOKEN = 'vercel_canary_9f3b7c1d2e4a6b8c';
const GITHUB_TOKEN = 'ghp_canaryTokenNeverToBeSeen0123456789';

/** The static app, plus a test that prints every environment variable it can see into the build log. */
const ENV_PRINTING_APP: Manifest = {
  ...STATIC_APP,
  files: [
    ...STATIC_APP.files,
    {
      path: 'test/env.test.js',
      content:
        "const test = require('node:test');\nconst env = process['e' + 'nv'];\ntest('env', () => console.log('ENV {' + Object.entries(env).map(([k, v]) => k + '=' + v).join(';')));\n",
    },
  ],
};

async function startMission(t: TestApp): Promise<string> {
  const response = await t.http.post('/gantry/architect').send({ voice_memo: 'A tip calculator' }).expect(202);
  return (response.body as MissionRefBody).mission_id;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(folder, entry))
    .filter((path) => statSync(path).isFile());
}

describe('A whole mission, from prompt to live URL, in the real sandbox', () => {
  it("with the defaults: the live URL answers 200 with the app's page", async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-full-'));
    const t = await createTestApp({
      config: { missionsDir },
      overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => STATIC_APP) }],
    });
    try {
      const id = await startMission(t);
      const final = await waitForStatus(t.http, id, SHIPPED, 1200);
      expect(final).toMatchObject({ status: 'DEPLOYED', pr_url: match.stringContaining(`/gantry/missions/${id}/pr`) });
      const page = await t.http.get(new URL(String(final.url)).pathname).expect(200);
      expect(page.text).toContain('<h1>Tip Calculator</h1>');
    } finally {
      await t.close();
      await t.db.drop();
    }
  });

  it('with tokens set: no token in any event, evidence file or log line, even when an API echoes one back', async () => {
    const vercel = new FakeVercel(VERCEL_TOKEN);
    const github = new FakeGitHub(GITHUB_TOKEN, 'octo-owner');
    const [vercelUrl, githubUrl] = [await vercel.http.start(), await github.http.start()];
    Object.assign(process.env, { VERCEL_TOKEN, GITHUB_TOKEN });
    const captured: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (captured.push(String(chunk)), true)),
    );
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-secrets-'));
    const config: Partial<GantryConfig> = {
      missionsDir,
      deployer: 'vercel',
      vercelApiUrl: vercelUrl,
      publisher: 'github',
      githubOwner: 'octo-owner',
      githubApiUrl: githubUrl,
    };
    const t = await createTestApp({
      config,
      overrides: [
        { token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => ENV_PRINTING_APP) },
        { token: DEPLOYER, value: new VercelDeployer(vercelUrl, { pollIntervalMs: 10, readyTimeoutMs: 5000 }) },
      ],
    });
    try {
      const shipped = await startMission(t);
      expect(await waitForStatus(t.http, shipped, SHIPPED, 1200)).toMatchObject({
        status: 'DEPLOYED',
        pr_url: 'https://github.example/octo-owner/admin.tip-calculator/pull/1',
      });
      expect(readFileSync(join(missionsDir, shipped, 'attempts/1/build.log'), 'utf8')).toContain('ENV {');

      vercel.http.fail('POST', /^\/v13\/deployments$/, 1, {
        status: 400,
        body: { error: { code: 'bad_request', message: `token ${VERCEL_TOKEN} is not allowed here` } },
      });
      github.http.fail('GET', /^\/repos\//, 1, { status: 400, body: { message: `Problems parsing credentials: Authorization: token ${GITHUB_TOKEN}` } });
      const echoed = await seedGreenMission(t.db, missionsDir);
      expect(await waitForStatus(t.http, echoed, SHIPPED, 600)).toMatchObject({ status: 'SUCCESS' });

      const events = await Promise.all(
        [shipped, echoed].map(async (id) => JSON.stringify((await t.http.get(`/gantry/missions/${id}/events`).expect(200)).body)),
      );
      expect(events[1]).toContain('[REDACTED]');
      const evidence = filesUnder(missionsDir).map((path) => readFileSync(path, 'utf8'));
      const dataFiles = filesUnder(t.config.dataDir).map((path) => readFileSync(path).toString('latin1'));
      expect(evidence.length).toBeGreaterThan(10);
      for (const text of [...events, ...evidence, ...dataFiles, captured.join('')]) {
        expect(text).not.toContain(VERCEL_TOKEN);
        expect(text).not.toContain(GITHUB_TOKEN);
      }
    } finally {
      writes.forEach((write) => write.mockRestore());
      delete process.env.VERCEL_TOKEN;
      delete process.env.GITHUB_TOKEN;
      await t.close();
      await Promise.all([vercel.http.stop(), github.http.stop(), t.db.drop()]);
    }
  });
});
