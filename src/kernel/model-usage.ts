import type { JsonObject } from './black-box/canonical-json';

/** Tokens a model call spent, as the provider counted them. */
export interface TokenUsage extends JsonObject {
  inputTokens: number;
  outputTokens: number;
}

/** What a mission has spent on the model: what the budget governor counts and the status shows. */
export interface ModelUsage extends TokenUsage {
  modelCalls: number;
}
