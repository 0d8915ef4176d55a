import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { GantryConfig } from '../../config/gantry-config';
import type { LlmClient, LlmCompletion, LlmRequest } from '../llm.port';
import { DEFAULT_RETRY_POLICY, retryingCall, type RetryPolicy } from '../retrying-call';
import { classifyOpenAiError } from './openai-errors';
import { boundedFetch } from '../bounded-answer';

export const OPENAI_PROVIDER = 'openai';

/** Ollama and most self-hosted servers ignore the key but the client insists on one. */
const KEYLESS_SERVER_API_KEY = 'not-needed';

export type OpenAiLlmConfig = Pick<GantryConfig, 'openaiBaseUrl' | 'openaiModel' | 'llmTimeoutMs'>;

/**
 * Any OpenAI-compatible chat server (Ollama, vLLM, llama.cpp, OpenAI itself) through the `openai` package.
 * OPENAI_API_KEY is read here, from the environment, and nowhere else. The package's own retries are off:
 * this adapter retries itself, counting every call and bounding them all by one deadline.
 */
export class OpenAiLlmClient implements LlmClient {
  readonly provider = OPENAI_PROVIDER;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(
    private readonly config: OpenAiLlmConfig,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    if (config.openaiBaseUrl === null) throw new Error('OPENAI_BASE_URL is required for the openai provider');
    this.model = config.openaiModel;
    this.client = new OpenAI({
      baseURL: config.openaiBaseUrl,
      apiKey: env.OPENAI_API_KEY?.trim() || KEYLESS_SERVER_API_KEY,
      maxRetries: 0,
      timeout: config.llmTimeoutMs,
      fetch: boundedFetch(),
    });
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: request.system }, ...request.messages];
    const { value, calls } = await retryingCall({
      provider: this.provider,
      policy: this.retry,
      timeoutMs: this.config.llmTimeoutMs,
      signal: request.signal,
      attempt: (signal) =>
        this.client.chat.completions.create(
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- OpenAI-compatible servers (Ollama, LM Studio) honour only max_tokens, not max_completion_tokens
          { model: this.model, messages, max_tokens: request.maxOutputTokens, stream: false },
          { signal },
        ),
      classify: (error) => classifyOpenAiError(error, this.env),
    });
    return this.completion(value, calls);
  }

  private completion(output: ChatCompletion, calls: number): LlmCompletion {
    const choice = output.choices[0];
    return {
      text: choice?.message?.content ?? '',
      provider: this.provider,
      model: this.model,
      usage: { inputTokens: output.usage?.prompt_tokens ?? 0, outputTokens: output.usage?.completion_tokens ?? 0 },
      calls,
      stopReason: choice?.finish_reason ?? null,
    };
  }
}
