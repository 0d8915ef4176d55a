import { DomainError } from '../../kernel/domain-error';
import type { Refusal } from './screening';

/** A message the guardrails refused: 422 with the reason, the category and a suggestion. */
export class MessageRefusedError extends DomainError {
  readonly code = 'MESSAGE_REFUSED';
  readonly kind = 'rule';

  constructor(readonly refusal: Refusal) {
    super(refusal.reason, `${refusal.reason}. ${refusal.suggestion}`);
  }

  override get details(): Record<string, string> {
    return { category: this.refusal.category, reason: this.refusal.reason, suggestion: this.refusal.suggestion };
  }
}
