import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/missions/domain/manifest';
import {
  FAKE_AWS_CREDENTIALS,
  firstMessageOf,
  startFakeBedrock,
  type FakeBedrock,
  type FakeBedrockAnswer,
  type FakeBedrockRequest,
} from '../fakes/fake-bedrock.server';
import { withEnv } from '../llm/llm-test-env';
import type { AuditBody, EventsBody, MissionRefBody } from '../support/bodies';
import { match, required } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { ADDER, ADDER_TEST, BROKEN_ADDER, nodeProject } from '../support/scripted-architect';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Whole missions with GANTRY_LLM=bedrock: the real Bedrock SDK talks to a wire-level fake (HTTP/2, SigV4
 * checked), the consultant and the architect are the model-backed ones, and the code runs in the real sandbox.
 */
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const TERMINAL = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];
const PAGE = '<!doctype html><title>Adder</title><h1>Adder</h1>\n';

const adder = (add: string): Manifest =>
  nodeProject('adder', { 'index.html': PAGE, 'add.js': add, 'add.test.js': ADDER_TEST, 'server.js': 'module.exports = {};\n' });
const fenced = (manifest: unknown) => `Here is the project.\n\`\`\`json\n${JSON.stringify(manifest)}\n\`\`\`\nGood luck!`;
const CONSULTANT_READING = JSON.stringify({
  status: 'NEEDS_CONFIRMATION',
  speech: 'An adder with its own tests.',
  question: 'Shall I build it?',
  features: ['add two numbers', 'show the sum'],
  stack: 'node',
  designTarget: null,
  confidencePercent: 90,
});

type Recorded = { type: string; data: Record<string, unknown> };

describe('Missions through the Bedrock provider (real SDK, wire-level fake, real sandbox)', () => {
  let bedrock: FakeBedrock;
  let restoreEnv: () => void;
  let t: TestApp;
  /** The architect's answers, in order; the consultant is answered by its system prompt. */
  const architectAnswers: FakeBedrockAnswer[] = [];
  const isConsultant = (request: FakeBedrockRequest) => (request.body.system?.[0]?.text ?? '').includes("Gantry's CTO consultant");
  const architectRequests = () => bedrock.requests.filter((request) => !isConsultant(request));

  beforeAll(async () => {
    bedrock = await startFakeBedrock({
      respond: (request) =>
        isConsultant(request)
          ? { text: CONSULTANT_READING, usage: { inputTokens: 700, outputTokens: 120 } }
          : (architectAnswers.shift() ?? { error: 'ValidationException', message: 'no answer scripted' }),
    });
    restoreEnv = withEnv({ ...bedrock.env(), AWS_BEARER_TOKEN_BEDROCK: undefined, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined });
    t = await createTestApp({
      config: {
        llm: 'bedrock',
        awsRegion: FAKE_AWS_CREDENTIALS.region,
        bedrockModelId: MODEL,
        llmTimeoutMs: 60_000,
        missionsDir: mkdtempSync(join(tmpdir(), 'gantry-bedrock-')),
      },
    });
  });

  afterAll(async () => {
    await t.close();
    await t.db.drop();
    await bedrock.close();
    restoreEnv();
  });

  async function directBuild(prompt: string) {
    bedrock.requests.length = 0;
    const response = await t.http.post('/gantry/architect').send({ voice_memo: prompt }).expect(202);
    const id = (response.body as MissionRefBody).mission_id;
    const status = await waitForStatus(t.http, id, TERMINAL, 1200);
    const events: Recorded[] = ((await t.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
    const audit = (await t.http.get(`/gantry/missions/${id}/audit`).expect(200)).body as AuditBody;
    return { id, status, events, audit };
  }

  it('heals a first manifest that fails its tests into one that passes, and ships it', async () => {
    architectAnswers.push(
      { error: 'ThrottlingException' },
      { text: fenced(adder(BROKEN_ADDER)), usage: { inputTokens: 2000, outputTokens: 600 } },
      { text: fenced(adder(ADDER)), usage: { inputTokens: 2600, outputTokens: 650 } },
    );
    const { status, events, audit } = await directBuild('An adder web app with its own tests, please');

    expect(status).toMatchObject({ status: 'DEPLOYED', url: match.stringContaining('/apps/adder-'), pr_url: match.any(String), failure: null });
    expect(audit.valid).toBe(true);
    // The three results of each attempt: what was drafted, what the policy said, how the build ended.
    const results = events.filter((event) => ['BlueprintDrafted', 'PolicyVerdictRendered', 'BuildAttemptFinished'].includes(event.type));
    expect(results.map((event) => [event.type, event.data.attempt])).toEqual([
      ['BlueprintDrafted', 1],
      ['PolicyVerdictRendered', 1],
      ['BuildAttemptFinished', 1],
      ['BlueprintDrafted', 2],
      ['PolicyVerdictRendered', 2],
      ['BuildAttemptFinished', 2],
    ]);
    expect(results.map((event) => event.data.passed)).toEqual([undefined, undefined, false, undefined, undefined, true]);
    expect(results[0].data).toMatchObject({ provider: 'bedrock', model: MODEL, calls: 2, usage: { inputTokens: 2000, outputTokens: 600 } });
    const heal = required(
      events.find((event) => event.type === 'HealRequested'),
      'a HealRequested event',
    );
    expect(heal.data).toMatchObject({ attempt: 2, failure: { command: 'node --test', exitCode: 1, failingTests: ['adds two numbers'] } });
    // The healing call carried the failure and the failed code to the model, and every request was signed.
    const healPrompt = firstMessageOf(architectRequests()[2]);
    expect(healPrompt).toContain('adds two numbers');
    expect(healPrompt).toContain('a - b');
    expect(bedrock.requests.every((request) => request.signatureValid && request.modelId === MODEL)).toBe(true);
    expect(status.usage).toEqual({ input_tokens: 700 + 2000 + 2600, output_tokens: 120 + 600 + 650, model_calls: 4 });
  });

  it('records each unusable answer as a readable failure of its attempt, and heals past it', async () => {
    const tooMany = {
      projectName: 'many',
      stack: 'node',
      auditCommand: 'node --test',
      runCommand: 'node server.js',
      files: Array.from({ length: 10_000 }, (_, index) => ({ path: `f${index}.js`, content: '' })),
    };
    const tooLarge = { ...adder(ADDER), files: [{ path: 'big.js', content: 'x'.repeat(50 * 1024 * 1024) }] };
    // Usage as a model would report it (the fake would otherwise count a 50 MB answer as millions of tokens, and the budget would stop the run).
    const usage = { inputTokens: 1500, outputTokens: 8000 };
    architectAnswers.push({ text: JSON.stringify(tooMany), usage }, { text: JSON.stringify(tooLarge), usage }, { text: fenced(adder(ADDER)), usage });
    const { status, events, audit } = await directBuild('An adder web app that survives bad answers');

    expect(status).toMatchObject({ status: 'DEPLOYED' });
    expect(audit.valid).toBe(true);
    const rejections = events.filter((event) => event.type === 'BlueprintRejected').map((event) => [event.data.attempt, event.data.reason]);
    expect(rejections).toEqual([
      [1, "the model's manifest was refused: the manifest has 10000 files (at most 500)"],
      // Past the byte limit the answer is refused unread, before the SDK collects it.
      [2, "the model's answer was refused: bedrock: The model's answer is larger than 8388608 bytes; it was refused without being read whole"],
    ]);
    expect(events.filter((event) => event.type === 'HealRequested').map((event) => (event.data.failure as { output: string }).output)).toEqual(
      rejections.map(([, reason]) => reason),
    );
  });

  it('fails at ARCHITECTING, with every reason on record, when no attempt gives a usable manifest', async () => {
    const escaping = { ...adder(ADDER), files: [{ path: '../outside.js', content: 'x' }] };
    architectAnswers.push(
      { text: 'I would rather describe the app in prose than write JSON.' },
      {
        text: '```json\n{"projectName": "adder", "files": [{"path": "add.js", "content": "exports',
        stopReason: 'max_tokens',
        usage: { inputTokens: 10, outputTokens: 8192 },
      },
      { text: fenced(escaping) },
    );
    const { status, events, audit } = await directBuild('An adder web app the model keeps getting wrong');

    expect(status).toMatchObject({
      status: 'FAILED',
      failure: { stage: 'ARCHITECTING', reason: match.stringContaining('No usable blueprint in 3 attempts') },
    });
    expect(audit.valid).toBe(true);
    expect(events.filter((event) => event.type === 'BlueprintRejected').map((event) => event.data.reason)).toEqual([
      expect.stringContaining('without a JSON manifest'),
      expect.stringContaining('cut off at 8192 tokens'),
      expect.stringContaining('../outside.js'),
    ]);
    expect(events.some((event) => event.type === 'PolicyVerdictRendered' || event.type === 'BuildAttemptStarted')).toBe(false);
  });
});
