import type { TokenUsage } from '../missions/domain/mission-events';

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

/**
 * A model call that failed for good (retries spent, timed out, refused credentials). The message is safe
 * to record: adapters strip keys and signatures from SDK errors before they get here.
 */
export class LlmCallFailedError extends Error {
  readonly code = 'LLM_CALL_FAILED';
  constructor(
    message: string,
    readonly provider: string,
    /** Calls made before giving up, so the budget still counts them. */
    readonly calls: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }

  /** What a voice client hears when a consultation turn cannot reach the model. */
  get speech(): string {
    return 'I cannot reach my model right now. Please try again in a moment.';
  }
}
