import { loadConfig } from '../config/gantry-config';
import { BedrockLlmClient } from './bedrock/bedrock-llm.client';
import { createLlmClient } from './llm.module';
import { OpenAiLlmClient } from './openai/openai-llm.client';

describe('createLlmClient', () => {
  it('gives no client offline', () => {
    expect(createLlmClient(loadConfig({}))).toBeNull();
  });

  it('gives the Bedrock client with the configured model', () => {
    const client = createLlmClient(loadConfig({ GANTRY_LLM: 'bedrock', BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', AWS_REGION: 'eu-west-1' }));

    expect(client).toBeInstanceOf(BedrockLlmClient);
    expect(client?.model).toBe('amazon.nova-pro-v1:0');
    (client as BedrockLlmClient).destroy();
  });

  it('gives the OpenAI-compatible client with the configured model', () => {
    const client = createLlmClient(loadConfig({ GANTRY_LLM: 'openai', OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'qwen2.5-coder' }));

    expect(client).toBeInstanceOf(OpenAiLlmClient);
    expect(client?.model).toBe('qwen2.5-coder');
  });
});
