import type { TokenUsage } from '../kernel/model-usage';

/** The model behind the consultant and the architect; adapters `bedrock` and `openai` (`offline` needs no model). */
export const LLM_CLIENT = Symbol('LLM_CLIENT');

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  /** The system prompt (kept as files under src/architect/prompts and src/consultation/prompts). */
  system: string;
  /** Oldest first; the last is the user's. */
  messages: LlmMessage[];
  maxOutputTokens: number;
  /** Aborted when the mission's budget (wall time) runs out or the server stops. */
  signal?: AbortSignal;
}

export interface LlmCompletion {
  text: string;
  provider: string;
  model: string;
  usage: TokenUsage;
  /** Model calls made, retries included: the budget governor counts every one. */
  calls: number;
  /** Why the model stopped, as the provider says it (e.g. `end_turn`, `max_tokens`, `stop`, `length`). */
  stopReason: string | null;
}

export interface LlmClient {
  readonly provider: string;
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmCompletion>;
}

export { LlmCallFailedError } from '../missions/ports/llm-call-failed.error';
