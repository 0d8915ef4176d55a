import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput, type Message } from '@aws-sdk/client-bedrock-runtime';
import type { GantryConfig } from '../../config/gantry-config';
import type { LlmClient, LlmCompletion, LlmRequest } from '../llm.port';
import { DEFAULT_RETRY_POLICY, retryingCall, type RetryPolicy } from '../retrying-call';
import { classifyBedrockError } from './bedrock-errors';
import { Readable } from 'node:stream';
import { boundedNodeStream } from '../bounded-answer';

export const BEDROCK_PROVIDER = 'bedrock';

/** Inside the deserializer: the raw answer is read with a byte limit before the SDK collects it. */
const boundedResponse: Parameters<BedrockRuntimeClient['middlewareStack']['add']>[0] = (next) => async (args) => {
  const result = await next(args);
  const response = result.response as { body?: unknown; headers?: Record<string, string | undefined> };
  if (response.body instanceof Readable) response.body = boundedNodeStream(response.body, response.headers?.['content-length']);
  return result;
};

export type BedrockLlmConfig = Pick<GantryConfig, 'awsRegion' | 'bedrockModelId' | 'llmTimeoutMs'>;

/**
 * Amazon Bedrock through the Converse API. Credentials come from the SDK's standard chain (environment,
 * profile, SSO, container or instance role) and the endpoint from its own resolution, so
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME keeps working. The SDK's retries are off (maxAttempts 1): this adapter
 * retries itself so that it can count every call for the mission's budget and bound them all by one deadline.
 */
export class BedrockLlmClient implements LlmClient {
  readonly provider = BEDROCK_PROVIDER;
  readonly model: string;
  private readonly client: BedrockRuntimeClient;

  constructor(
    private readonly config: BedrockLlmConfig,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.model = config.bedrockModelId;
    this.client = new BedrockRuntimeClient({ region: config.awsRegion, maxAttempts: 1 });
    this.client.middlewareStack.add(boundedResponse, { step: 'deserialize', priority: 'low', name: 'gantryBoundedAnswer' });
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const command = new ConverseCommand({
      modelId: this.model,
      system: [{ text: request.system }],
      messages: request.messages.map((message): Message => ({ role: message.role, content: [{ text: message.content }] })),
      inferenceConfig: { maxTokens: request.maxOutputTokens },
    });
    const { value, calls } = await retryingCall({
      provider: this.provider,
      policy: this.retry,
      timeoutMs: this.config.llmTimeoutMs,
      signal: request.signal,
      attempt: (signal) => this.client.send(command, { abortSignal: signal }),
      classify: classifyBedrockError,
    });
    return this.completion(value, calls);
  }

  /** Closes the HTTP/2 sessions, so that a stopping server does not wait on them. */
  destroy(): void {
    this.client.destroy();
  }

  private completion(output: ConverseCommandOutput, calls: number): LlmCompletion {
    const blocks = output.output?.message?.content ?? [];
    const text = blocks.map((block) => block.text ?? '').join('');
    return {
      text,
      provider: this.provider,
      model: this.model,
      usage: { inputTokens: output.usage?.inputTokens ?? 0, outputTokens: output.usage?.outputTokens ?? 0 },
      calls,
      stopReason: output.stopReason ?? null,
    };
  }
}
