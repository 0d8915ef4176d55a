import { LlmCallFailedError, type LlmRequest } from '../../src/llm/llm.port';
import { BedrockLlmClient } from '../../src/llm/bedrock/bedrock-llm.client';
import { FAKE_AWS_CREDENTIALS, startFakeBedrock, type FakeBedrock } from '../fakes/fake-bedrock.server';
import { QUICK_RETRIES, withEnv } from './llm-test-env';

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  system: 'You are a test.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxOutputTokens: 256,
  ...overrides,
});

async function failureOf(promise: Promise<unknown>): Promise<LlmCallFailedError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LlmCallFailedError);
  return error as LlmCallFailedError;
}

describe('BedrockLlmClient through the real SDK against a wire-level fake (HTTP/2, SigV4)', () => {
  let bedrock: FakeBedrock;
  let restoreEnv: () => void;
  let client: BedrockLlmClient;

  beforeAll(async () => {
    bedrock = await startFakeBedrock();
    // The endpoint comes from the SDK's own AWS_ENDPOINT_URL_BEDROCK_RUNTIME, as in production.
    restoreEnv = withEnv({ ...bedrock.env(), AWS_BEARER_TOKEN_BEDROCK: undefined, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined });
    client = new BedrockLlmClient({ awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 5_000 }, QUICK_RETRIES);
  });

  afterAll(async () => {
    client.destroy();
    await bedrock.close();
    restoreEnv();
  });

  beforeEach(() => {
    bedrock.requests.length = 0;
  });

  it('sends a signed Converse request and returns the text, the stop reason and the token usage', async () => {
    bedrock.enqueue({ text: 'Hello there.', usage: { inputTokens: 12, outputTokens: 3 } });

    const completion = await client.complete(request());

    expect(completion).toEqual({
      text: 'Hello there.',
      provider: 'bedrock',
      model: MODEL,
      usage: { inputTokens: 12, outputTokens: 3 },
      calls: 1,
      stopReason: 'end_turn',
    });
    const [sent] = bedrock.requests;
    expect(sent.signatureValid).toBe(true);
    expect(sent.modelId).toBe(MODEL);
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAGANTRYFAKETEST01\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;:-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.body).toEqual({
      system: [{ text: 'You are a test.' }],
      messages: [{ role: 'user', content: [{ text: 'Say hello.' }] }],
      inferenceConfig: { maxTokens: 256 },
    });
  });

  it('retries a ThrottlingException and counts both calls', async () => {
    bedrock.enqueue({ error: 'ThrottlingException' }, { text: 'ok' });

    const completion = await client.complete(request());

    expect(completion.text).toBe('ok');
    expect(completion.calls).toBe(2);
    expect(bedrock.requests).toHaveLength(2);
  });

  it('retries 5xx answers and a model that is still loading', async () => {
    bedrock.enqueue({ error: 'ServiceUnavailableException' }, { error: 'ModelNotReadyException' }, { text: 'ok' });

    const completion = await client.complete(request());

    expect(completion.calls).toBe(3);
  });

  it('gives up after the last attempt with a recorded failure that counts every call', async () => {
    bedrock.enqueue({ error: 'ThrottlingException' }, { error: 'ThrottlingException' }, { error: 'InternalServerException' });

    const failure = await failureOf(client.complete(request()));

    expect(failure.calls).toBe(3);
    expect(failure.retryable).toBe(true);
    expect(failure.provider).toBe('bedrock');
    expect(failure.message).toBe(
      'bedrock: InternalServerException (HTTP 500): The server encountered an internal error while processing the request.; gave up after 3 calls',
    );
  });

  it('does not retry a ValidationException', async () => {
    bedrock.enqueue({ error: 'ValidationException', message: 'The model returned the following errors: max_tokens: 999999 > 8192' });

    const failure = await failureOf(client.complete(request()));

    expect(failure.calls).toBe(1);
    expect(failure.retryable).toBe(false);
    expect(failure.message).toBe('bedrock: ValidationException (HTTP 400): The model returned the following errors: max_tokens: 999999 > 8192');
  });

  it('ends a call that gets no answer at the configured timeout', async () => {
    const impatient = new BedrockLlmClient({ awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 1_000 }, QUICK_RETRIES);
    bedrock.enqueue({ hang: true });

    const failure = await failureOf(impatient.complete(request()));

    impatient.destroy();
    expect(failure.message).toBe('bedrock: no answer within 1 s (the call timed out)');
    expect(failure.calls).toBe(1);
  });

  it("stops when the caller's signal aborts (the mission's budget ran out)", async () => {
    bedrock.enqueue({ hang: true });
    const controller = new AbortController();

    const pending = client.complete(request({ signal: controller.signal }));
    await waitFor(() => bedrock.requests.length === 1);
    controller.abort();
    const failure = await failureOf(pending);

    expect(failure.message).toBe('bedrock: the call was cancelled (the mission stopped or ran out of budget)');
    expect(failure.retryable).toBe(false);
  });

  it('never puts the secret, the key id or the signature into the error message', async () => {
    const wrongSecret = withEnv({ AWS_SECRET_ACCESS_KEY: 'a-wrong-secret-that-must-not-leak-0123' });
    const signedWrong = new BedrockLlmClient({ awsRegion: FAKE_AWS_CREDENTIALS.region, bedrockModelId: MODEL, llmTimeoutMs: 5_000 }, QUICK_RETRIES);

    const failure = await failureOf(signedWrong.complete(request()));

    signedWrong.destroy();
    wrongSecret();
    expect(bedrock.requests[0].signatureValid).toBe(false);
    expect(failure.message).toBe(
      'bedrock: InvalidSignatureException (HTTP 403): The request signature we calculated does not match the signature you provided.',
    );
    expect(failure.message).not.toMatch(/AKIA|wrong-secret|Signature=/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
