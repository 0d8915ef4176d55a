import { YamlPolicyGate } from '../../src/policy/policy-gate';
import { loadPolicyFile } from '../../src/policy/policy-loader';
import { join } from 'node:path';
import type { DraftRequest, HealRequest } from '../../src/missions/ports/architect.port';
import { LlmArchitect, loadArchitectPrompts } from '../../src/architect/llm/llm-architect';
import type { Manifest } from '../../src/missions/domain/manifest';
import { installRoot } from '../../src/config/gantry-config';
import { BedrockLlmClient } from '../../src/llm/bedrock/bedrock-llm.client';
import { LlmCallFailedError } from '../../src/llm/llm.port';
import { FAKE_AWS_CREDENTIALS, firstMessageOf, startFakeBedrock, systemPromptOf, type FakeBedrock } from '../fakes/fake-bedrock.server';
import { QUICK_RETRIES, withEnv } from './llm-test-env';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

const MANIFEST: Manifest = {
  projectName: 'tip-calculator',
  stack: 'node',
  files: [
    { path: 'lib/tip.js', content: 'exports.tip = (bill, percent) => Math.round(bill * percent) / 100;\n' },
    { path: 'test/tip.test.js', content: "const test = require('node:test');\n" },
  ],
  auditCommand: 'node --test',
  runCommand: 'node server.js',
};

const draftRequest = (): DraftRequest => ({
  missionId: '6f1c1b8e-7d1a-4a55-9a31-0c5d1f3e2b10',
  attempt: 1,
  plan: { buildPrompt: 'a tip calculator in the Spotify style', features: ['split the bill', 'round up'], stack: 'node', designTarget: 'SPOTIFY' },
  designImage: { fileName: 'design-reference-ab12.png', mime: 'image/png' },
});

describe('LlmArchitect with Bedrock (real SDK, wire-level fake)', () => {
  let bedrock: FakeBedrock;
  let restoreEnv: () => void;
  let client: BedrockLlmClient;
  let architect: LlmArchitect;

  beforeAll(async () => {
    bedrock = await startFakeBedrock();
    restoreEnv = withEnv({ ...bedrock.env(), AWS_BEARER_TOKEN_BEDROCK: undefined, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined });
    client = new BedrockLlmClient({ awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 5_000 }, QUICK_RETRIES);
    architect = new LlmArchitect(client, loadArchitectPrompts(new YamlPolicyGate(loadPolicyFile(join(installRoot(), 'policy.yaml'))).brief()));
  });

  afterAll(async () => {
    client.destroy();
    await bedrock.close();
    restoreEnv();
  });

  beforeEach(() => {
    bedrock.requests.length = 0;
  });

  it('drafts: sends the approved plan, theme and design image, and returns the validated manifest with its origin', async () => {
    bedrock.enqueue({ text: `Here you go:\n\`\`\`json\n${JSON.stringify(MANIFEST)}\n\`\`\``, usage: { inputTokens: 3000, outputTokens: 900 } });

    const outcome = await architect.draft(draftRequest());

    expect(outcome).toEqual({
      kind: 'manifest',
      manifest: MANIFEST,
      provider: 'bedrock',
      model: MODEL,
      usage: { inputTokens: 3000, outputTokens: 900 },
      calls: 1,
    });
    const [request] = bedrock.requests;
    const system = systemPromptOf(request);
    const message = firstMessageOf(request);
    expect(system).toContain('`node --test <path>...`');
    expect(system).toContain('a CI workflow would run with the repository');
    expect(system).not.toMatch(/\{\{\w+\}\}/);
    expect(message).toContain('a tip calculator in the Spotify style');
    expect(message).toContain('- split the bill\n- round up');
    expect(message).toContain('--primary: #1db954');
    expect(message).toContain('`public/design-reference.png`');
    expect(request.body.inferenceConfig).toEqual({ maxTokens: 8192 });
  });

  it('rejects garbage with a readable reason, still reporting the usage and calls', async () => {
    bedrock.enqueue(
      { error: 'ThrottlingException' },
      { text: 'I would love to help! What colour should the buttons be?', usage: { inputTokens: 3000, outputTokens: 15 } },
    );

    const outcome = await architect.draft(draftRequest());

    expect(outcome).toEqual({
      kind: 'rejected',
      reason: 'the model answered without a JSON manifest (it began: "I would love to help! What colour should the buttons be?")',
      provider: 'bedrock',
      model: MODEL,
      usage: { inputTokens: 3000, outputTokens: 15 },
      calls: 2,
    });
  });

  it('rejects an answer cut off at the token limit, saying so', async () => {
    bedrock.enqueue({ text: JSON.stringify(MANIFEST).slice(0, 150), stopReason: 'max_tokens', usage: { inputTokens: 3000, outputTokens: 8192 } });

    const outcome = await architect.draft(draftRequest());

    expect(outcome.kind === 'rejected' && outcome.reason).toBe("the model's answer was cut off at 8192 tokens, before its manifest was complete");
  });

  it('rejects a manifest with a path leaving the project', async () => {
    bedrock.enqueue({ text: JSON.stringify({ ...MANIFEST, files: [{ path: '../escape.js', content: '' }] }) });

    const outcome = await architect.draft(draftRequest());

    expect(outcome.kind === 'rejected' && outcome.reason).toBe(
      'the model\'s manifest was refused: file path "../escape.js" has a .. segment, which leaves the project',
    );
  });

  it('heals: sends the failure packet and every file of the failed attempt', async () => {
    const healed = { ...MANIFEST, files: [...MANIFEST.files, { path: 'server.js', content: '// fixed\n' }] };
    bedrock.enqueue({ text: JSON.stringify(healed) });
    const request: HealRequest = {
      ...draftRequest(),
      attempt: 2,
      previous: MANIFEST,
      failure: {
        command: 'node --test',
        exitCode: 1,
        timedOut: false,
        oomKilled: false,
        failingTests: ['tips'],
        output: 'not ok 1 - tips\n  expected 15 got 1.5\n```',
        manifestDigest: 'ab'.repeat(32),
      },
    };

    const outcome = await architect.heal(request);

    expect(outcome.kind === 'manifest' && outcome.manifest).toEqual(healed);
    const system = systemPromptOf(bedrock.requests[0]);
    const message = firstMessageOf(bedrock.requests[0]);
    expect(system).toContain('may not be deleted, skipped, emptied or weakened');
    expect(message).toContain('Attempt 1 failed.');
    expect(message).toContain('Command: `node --test`\nExit code: 1\n');
    expect(message).toContain(`Manifest digest of the failed attempt: ${'ab'.repeat(32)}`);
    expect(message).toContain("expected 15 got 1.5\n'''");
    expect(message).toContain(JSON.stringify(MANIFEST));
  });

  it('lets a call that failed for good propagate as LlmCallFailedError', async () => {
    bedrock.enqueue({ error: 'AccessDeniedException' });

    const error = await architect.draft(draftRequest()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LlmCallFailedError);
    expect((error as LlmCallFailedError).message).toBe(
      'bedrock: AccessDeniedException (HTTP 403): You do not have access to the model with the specified model ID.',
    );
  });
});
