import { Module, type OnApplicationShutdown, Inject, Optional } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { BedrockLlmClient } from './bedrock/bedrock-llm.client';
import { LLM_CLIENT, type LlmClient } from './llm.port';
import { OpenAiLlmClient } from './openai/openai-llm.client';

/** The model client GANTRY_LLM names; `null` when offline, where the consultant and architect are rules, not a model. */
export function createLlmClient(config: GantryConfig): LlmClient | null {
  switch (config.llm) {
    case 'bedrock':
      return new BedrockLlmClient(config);
    case 'openai':
      return new OpenAiLlmClient(config);
    case 'offline':
      return null;
  }
}

/**
 * Provides LLM_CLIENT: a BedrockLlmClient, an OpenAiLlmClient, or the value `null` with GANTRY_LLM=offline
 * (inject it with `@Inject(LLM_CLIENT) llm: LlmClient | null`). Needs the global ConfigModule.
 */
@Module({
  providers: [{ provide: LLM_CLIENT, useFactory: createLlmClient, inject: [GANTRY_CONFIG] }],
  exports: [LLM_CLIENT],
})
export class LlmModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(LLM_CLIENT) private readonly llm: LlmClient | null) {}

  onApplicationShutdown(): void {
    if (this.llm instanceof BedrockLlmClient) this.llm.destroy();
  }
}
