import { DomainError } from '../../kernel/domain-error';

/** What a voice client hears when a consultation turn cannot reach the model. */
const MODEL_UNREACHABLE_SPEECH = 'I cannot reach my model right now. Please try again in a moment.';

/**
 * A model call that failed for good (retries spent, timed out, refused credentials). The message is safe
 * to record: adapters strip keys and signatures from SDK errors before they get here.
 */
export class LlmCallFailedError extends DomainError {
  readonly code = 'LLM_CALL_FAILED';
  readonly kind = 'unavailable';
  constructor(
    message: string,
    readonly provider: string,
    /** Calls made before giving up, so the budget still counts them. */
    readonly calls: number,
    readonly retryable: boolean,
    /** The model did answer, but its answer was refused unread (too large): unusable, not unreachable. */
    readonly answerRefused = false,
  ) {
    super(message, MODEL_UNREACHABLE_SPEECH);
  }
}
