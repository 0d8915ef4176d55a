import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxChoice } from '../../src/config/gantry-config';
import { FAKE_AWS_CREDENTIALS, startFakeBedrock, type FakeBedrock } from '../fakes/fake-bedrock.server';
import { withEnv } from '../llm/llm-test-env';
import type { EventsBody, MissionRefBody } from '../support/bodies';
import { match } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { ADDER, ADDER_TEST, nodeProject } from '../support/scripted-architect';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A machine with neither Docker (DOCKER_HOST at a dead socket) nor bubblewrap (its path somewhere empty):
 * the embedded process tier takes the offline architect's missions to a live page, and refuses code a model
 * wrote unless the operator said GANTRY_SANDBOX=process.
 */
const TERMINAL = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];
const NO_BWRAP = '/nonexistent/gantry-test/bwrap';
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
type Recorded = { type: string; data: Record<string, unknown> };

async function mission(t: TestApp, prompt: string) {
  const response = await t.http.post('/gantry/architect').send({ voice_memo: prompt }).expect(202);
  const id = (response.body as MissionRefBody).mission_id;
  const status = await waitForStatus(t.http, id, TERMINAL, 1200);
  const events: Recorded[] = ((await t.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
  return { id, status, events };
}

function appWithoutSandboxes(extra: { sandbox: SandboxChoice; llm?: 'bedrock' }): Promise<TestApp> {
  const model = extra.llm ? { llm: extra.llm, awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 60_000 } : {};
  return createTestApp({ config: { sandbox: extra.sandbox, bwrapPath: NO_BWRAP, missionsDir: mkdtempSync(join(tmpdir(), 'gantry-embedded-')), ...model } });
}

describe('The embedded sandbox tier on a machine with neither Docker nor bubblewrap', () => {
  let restoreEnv: () => void;
  let bedrock: FakeBedrock;

  beforeAll(async () => {
    const answer = JSON.stringify(
      nodeProject('adder', {
        'index.html': '<!doctype html><title>Adder</title><h1>Adder</h1>\n',
        'add.js': ADDER,
        'add.test.js': ADDER_TEST,
        'server.js': 'module.exports = {};\n',
      }),
    );
    bedrock = await startFakeBedrock({
      respond: (request) =>
        (request.body.system?.[0]?.text ?? '').includes("Gantry's CTO consultant")
          ? {
              text: JSON.stringify({
                status: 'NEEDS_CONFIRMATION',
                speech: 'An adder.',
                question: 'Build it?',
                features: ['add'],
                stack: 'node',
                designTarget: null,
                confidencePercent: 90,
              }),
            }
          : { text: answer, usage: { inputTokens: 100, outputTokens: 100 } },
    });
    restoreEnv = withEnv({
      ...bedrock.env(),
      DOCKER_HOST: 'unix:///nonexistent/gantry-test/docker.sock',
      AWS_BEARER_TOKEN_BEDROCK: undefined,
      AWS_PROFILE: undefined,
    });
  });

  afterAll(async () => {
    restoreEnv();
    await bedrock.close();
  });

  describe('GANTRY_SANDBOX=auto, offline architect', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithoutSandboxes({ sandbox: 'auto' });
    });
    afterAll(async () => {
      await t.close();
      await t.db.drop();
    });

    it('says in /health that builds run in the process tier', async () => {
      const health = await t.http.get('/health');
      expect(health.body).toMatchObject({
        checks: {
          sandbox: { status: 'up', tier: 'process', detail: match.stringMatching(/^process: embedded: Node v24.*no container, no seccomp, no cgroup/) },
        },
      });
    });

    it('takes an offline mission to DEPLOYED with a live page, the tier named in BuildAttemptStarted', async () => {
      const { status, events } = await mission(t, 'A calculator with memory keys');
      expect(status).toMatchObject({ status: 'DEPLOYED', url: match.stringContaining('/apps/') });
      const started = events.filter((event) => event.type === 'BuildAttemptStarted');
      expect(started).toEqual([
        match.objectContaining({ data: match.objectContaining({ attempt: 1, driver: 'process', tier: 'process', image: match.stringContaining('embedded') }) }),
      ]);
      expect(events.find((event) => event.type === 'BuildAttemptFinished')?.data).toMatchObject({ passed: true, exitCode: 0 });
      const page = await t.http.get(new URL(String(status.url)).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<!doctype html>/i);
    });
  });

  describe('GANTRY_SANDBOX=auto, a model architect (Bedrock)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithoutSandboxes({ sandbox: 'auto', llm: 'bedrock' });
    });
    afterAll(async () => {
      await t.close();
      await t.db.drop();
    });

    it('refuses to run the model’s code, failing with a sentence that says what to install', async () => {
      const { status, events } = await mission(t, 'An adder web app with its own tests, please');
      expect(status).toMatchObject({
        status: 'FAILED',
        failure: match.objectContaining({
          reason: match.stringMatching(
            /^Code written by a model is not run in the embedded process sandbox unless GANTRY_SANDBOX=process is set: install Docker .* or bubblewrap/,
          ),
        }),
      });
      expect(events.map((event) => event.type)).not.toContain('BuildAttemptFinished');
    });
  });

  describe('GANTRY_SANDBOX=process, a model architect (Bedrock)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithoutSandboxes({ sandbox: 'process', llm: 'bedrock' });
    });
    afterAll(async () => {
      await t.close();
      await t.db.drop();
    });

    it('runs the model’s code in the process tier when the operator chose it, and deploys it', async () => {
      const { status, events } = await mission(t, 'An adder web app with its own tests, please');
      expect(status).toMatchObject({ status: 'DEPLOYED' });
      expect(events.find((event) => event.type === 'BuildAttemptStarted')?.data).toMatchObject({ driver: 'process', tier: 'process' });
    });
  });
});
