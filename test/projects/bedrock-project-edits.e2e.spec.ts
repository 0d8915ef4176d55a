import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FAKE_AWS_CREDENTIALS,
  firstMessageOf,
  startFakeBedrock,
  type FakeBedrock,
  type FakeBedrockAnswer,
  type FakeBedrockRequest,
} from '../fakes/fake-bedrock.server';
import { withEnv } from '../llm/llm-test-env';
import { ADDER, ADDER_TEST, nodeProject } from '../support/scripted-architect';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  auditVerify,
  confirmChange,
  eventOf,
  eventsOf,
  evidenceFiles,
  page,
  project,
  sendChange,
  waitForShipped,
  type DiffBody,
  type PullRequestDiffBody,
} from './support/project-flow';

/**
 * The follow-up change through the Bedrock provider: the real SDK talks to the wire-level fake, the model
 * answers the change with per-file edits to version 1's files, and version 2 is built in the real sandbox.
 */
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const PAGE = '<!doctype html>\n<title>Adder</title>\n<h1>Adder</h1>\n<main id="app"></main>\n';
const V1 = nodeProject('adder', { 'index.html': PAGE, 'add.js': ADDER, 'add.test.js': ADDER_TEST, 'server.js': 'module.exports = {};\n' });
const THEME_JS = "exports.nextMode = (mode) => (mode === 'dark' ? 'light' : 'dark');\n";
const THEME_TEST =
  "const test = require('node:test');\nconst assert = require('node:assert');\nconst { nextMode } = require('./theme.js');\ntest('toggles dark mode', () => assert.strictEqual(nextMode('light'), 'dark'));\n";
const EDITS = {
  edits: [
    {
      action: 'replace',
      path: 'index.html',
      replacements: [
        {
          search: '<h1>Adder</h1>',
          replace: '<h1>Adder</h1>\n<input id="search" type="search" placeholder="Search">\n<button id="mode-toggle">Dark mode</button>',
        },
      ],
    },
    { action: 'write', path: 'theme.js', content: THEME_JS },
    { action: 'write', path: 'theme.test.js', content: THEME_TEST },
  ],
};
const reading = (features: string[]) =>
  JSON.stringify({
    status: 'NEEDS_CONFIRMATION',
    speech: 'Here is the plan.',
    question: 'Shall I build it?',
    features,
    stack: 'node',
    designTarget: null,
    confidencePercent: 90,
  });

jest.setTimeout(600_000);

describe('Projects through the Bedrock provider: the model changes version 1 with per-file edits', () => {
  let bedrock: FakeBedrock;
  let restoreEnv: () => void;
  let t: TestApp;
  let missionsDir: string;
  const consultantAnswers: string[] = [];
  const architectAnswers: FakeBedrockAnswer[] = [];
  const isConsultant = (request: FakeBedrockRequest) => (request.body.system?.[0]?.text ?? '').includes("Gantry's CTO consultant");

  beforeAll(async () => {
    bedrock = await startFakeBedrock({
      respond: (request) =>
        isConsultant(request)
          ? { text: consultantAnswers.shift() ?? reading(['add two numbers']), usage: { inputTokens: 500, outputTokens: 100 } }
          : (architectAnswers.shift() ?? { error: 'ValidationException', message: 'no answer scripted' }),
    });
    restoreEnv = withEnv({ ...bedrock.env(), AWS_BEARER_TOKEN_BEDROCK: undefined, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined });
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-bedrock-projects-'));
    t = await createTestApp({
      config: { llm: 'bedrock', awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 60_000, missionsDir },
    });
  });

  afterAll(async () => {
    await t.close();
    await t.db.drop();
    await bedrock.close();
    restoreEnv();
  });

  it('ships version 2 from the edits at the same URL, with a diff that adds them, and version 1 untouched', async () => {
    architectAnswers.push({ text: JSON.stringify(V1), usage: { inputTokens: 2000, outputTokens: 600 } });
    const started = await t.http.post('/gantry/architect').send({ voice_memo: 'An adder web app' }).expect(202);
    const v1 = (started.body as { mission_id: string }).mission_id;
    const shipped = await waitForShipped(t.http, v1);
    expect(shipped).toMatchObject({ status: 'DEPLOYED' });
    const v1Files = evidenceFiles(missionsDir, v1, await eventsOf(t.http, v1));

    consultantAnswers.push(reading(['add two numbers', 'Dark mode toggle', 'Search box']));
    const proposed = await sendChange(t, v1, 'add dark mode and a search box');
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'AWAITING_INPUT', features: ['add two numbers', 'Dark mode toggle', 'Search box'] });
    bedrock.requests.length = 0;
    architectAnswers.push({ text: `\`\`\`json\n${JSON.stringify(EDITS)}\n\`\`\``, usage: { inputTokens: 3000, outputTokens: 400 } });
    const { missionId: v2, status } = await confirmChange(t, v1);
    expect(status).toMatchObject({ status: 'DEPLOYED', url: shipped.url });

    // The model was asked for a change, with the request and version 1's files as they are.
    const asked = firstMessageOf(bedrock.requests.filter((request) => !isConsultant(request))[0]);
    expect(asked).toContain('add dark mode and a search box');
    expect(asked).toContain(JSON.stringify(PAGE).slice(1, -1));
    const live = await page(t, shipped.url);
    expect(live).toContain('<input id="search"');
    expect(live).toContain('<button id="mode-toggle">');

    const drafted = eventOf(await eventsOf(t.http, v2), 'BlueprintDrafted').data as { provider: string; files: Array<{ path: string }> };
    expect(drafted.provider).toBe('bedrock');
    expect(drafted.files.map((file) => file.path).sort()).toEqual(['add.js', 'add.test.js', 'index.html', 'server.js', 'theme.js', 'theme.test.js']);
    const diff = (await t.http.get(`/gantry/missions/${v2}/diff`).expect(200)).body as DiffBody;
    expect(diff.files.filter((file) => file.change !== 'unchanged').map((file) => [file.path, file.change])).toEqual([
      ['index.html', 'modified'],
      ['theme.js', 'added'],
      ['theme.test.js', 'added'],
    ]);
    expect(diff.diff).toContain('+<input id="search" type="search" placeholder="Search">\n+<button id="mode-toggle">Dark mode</button>\n');
    const pr = (await t.http.get(`/gantry/missions/${v2}/pr`).expect(200)).body as PullRequestDiffBody;
    expect(pr.diff).toContain('+<button id="mode-toggle">Dark mode</button>');
    expect(pr.diff).not.toContain('add.js');

    expect(evidenceFiles(missionsDir, v1, await eventsOf(t.http, v1))).toEqual(v1Files);
    expect((await project(t, v1)).versions.map((version) => [version.version, version.live])).toEqual([
      [1, false],
      [2, true],
    ]);
    for (const id of [v1, v2]) expect((await auditVerify(t, id)).code).toBe(0);
  });

  it('records edits that cannot land as the attempt failing, with the reason, and never ships them', async () => {
    const v1 = (
      await project(t, ((await t.http.get('/gantry/projects').expect(200)).body as { projects: Array<{ project_id: string }> }).projects[0].project_id)
    ).project_id;
    consultantAnswers.push(reading(['add two numbers', 'A footer']));
    expect((await sendChange(t, v1, 'add a footer')).status).toBe(200);
    const missing = { edits: [{ action: 'replace', path: 'index.html', replacements: [{ search: '<footer>', replace: '<footer>x' }] }] };
    for (let attempt = 0; attempt < 3; attempt += 1) architectAnswers.push({ text: JSON.stringify(missing), usage: { inputTokens: 10, outputTokens: 10 } });
    const { missionId, status } = await confirmChange(t, v1);
    expect(status).toMatchObject({ status: 'FAILED' });
    const rejected = eventOf(await eventsOf(t.http, missionId), 'BlueprintRejected').data as { reason: string };
    expect(rejected.reason).toContain('occurs 0 times, not once');
    expect((await project(t, v1)).live_version).toBe(2);
  });
});
