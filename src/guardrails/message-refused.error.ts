import type { Refusal } from './guardrail-verdict';

/** A message the guardrails refused: 422 with the reason, the category and a suggestion. */
export class MessageRefusedError extends Error {
  readonly code = 'MESSAGE_REFUSED';

  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
    this.name = 'MessageRefusedError';
  }

  get speech(): string {
    return `${this.refusal.reason}. ${this.refusal.suggestion}`;
  }

  /** Added to the error body beside statusCode, error, message and speech. */
  get details(): Record<string, string> {
    return { category: this.refusal.category, reason: this.refusal.reason, suggestion: this.refusal.suggestion };
  }
}
