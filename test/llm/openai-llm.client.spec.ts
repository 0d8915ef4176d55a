import { LlmCallFailedError, type LlmRequest } from '../../src/llm/llm.port';
import { OpenAiLlmClient } from '../../src/llm/openai/openai-llm.client';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.server';
import { QUICK_RETRIES } from './llm-test-env';

const API_KEY = 'sk-gantry-test-key-that-must-never-leak-0123456789';

const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  system: 'You are a test.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxOutputTokens: 128,
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

describe('OpenAiLlmClient through the openai package against a fake OpenAI-compatible server', () => {
  let server: FakeOpenAi;
  let client: OpenAiLlmClient;

  beforeAll(async () => {
    server = await startFakeOpenAi();
    client = new OpenAiLlmClient({ openaiBaseUrl: server.url, openaiModel: 'llama3.1', llmTimeoutMs: 5_000 }, QUICK_RETRIES, { OPENAI_API_KEY: API_KEY });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.requests.length = 0;
  });

  it('sends the system prompt and the conversation, and maps the answer and its usage', async () => {
    server.enqueue({ content: 'Hello.', usage: { promptTokens: 20, completionTokens: 2 } });

    const completion = await client.complete(
      request({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Yes?' },
          { role: 'user', content: 'Say hello.' },
        ],
      }),
    );

    expect(completion).toEqual({
      text: 'Hello.',
      provider: 'openai',
      model: 'llama3.1',
      usage: { inputTokens: 20, outputTokens: 2 },
      calls: 1,
      stopReason: 'stop',
    });
    const [sent] = server.requests;
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toMatchObject({
      model: 'llama3.1',
      max_tokens: 128,
      messages: [
        { role: 'system', content: 'You are a test.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Yes?' },
        { role: 'user', content: 'Say hello.' },
      ],
    });
  });

  it('sends a placeholder key when none is set (Ollama accepts any)', async () => {
    const keyless = new OpenAiLlmClient({ openaiBaseUrl: server.url, openaiModel: 'llama3.1', llmTimeoutMs: 5_000 }, QUICK_RETRIES, {});
    server.enqueue({ content: 'ok' });

    await keyless.complete(request());

    expect(server.requests[0].headers.authorization).toBe('Bearer not-needed');
  });

  it('retries a 429 and then a 500, counting every call', async () => {
    server.enqueue({ status: 429 }, { status: 500 }, { content: 'ok', finishReason: 'length' });

    const completion = await client.complete(request());

    expect(completion.calls).toBe(3);
    expect(completion.stopReason).toBe('length');
  });

  it('gives up when retries are spent, with a readable message and the calls made', async () => {
    server.enqueue({ status: 503 }, { status: 503 }, { status: 429 });

    const failure = await failureOf(client.complete(request()));

    expect(failure.calls).toBe(3);
    expect(failure.message).toBe('openai: HTTP 429 rate_limit_error: Rate limit reached for requests. Please try again later.; gave up after 3 calls');
  });

  it('does not retry a refused key, and never repeats the key in the message', async () => {
    server.enqueue({ status: 401, message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://example.invalid.` });

    const failure = await failureOf(client.complete(request()));

    expect(failure.calls).toBe(1);
    expect(failure.retryable).toBe(false);
    expect(failure.message).toMatch(/^openai: HTTP 401 invalid_request_error: Incorrect API key provided: \[REDACTED\]/);
    expect(failure.message).not.toContain('sk-gantry');
  });

  it('ends a call that gets no answer at the configured timeout', async () => {
    const impatient = new OpenAiLlmClient({ openaiBaseUrl: server.url, openaiModel: 'llama3.1', llmTimeoutMs: 1_000 }, QUICK_RETRIES, {});
    server.enqueue({ hang: true });

    const failure = await failureOf(impatient.complete(request()));

    expect(failure.message).toBe('openai: no answer within 1 s (the call timed out)');
    expect(failure.calls).toBe(1);
  });

  it("stops when the caller's signal aborts", async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();

    const pending = client.complete(request({ signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const failure = await failureOf(pending);

    expect(failure.message).toBe('openai: the call was cancelled (the mission stopped or ran out of budget)');
  });
});
