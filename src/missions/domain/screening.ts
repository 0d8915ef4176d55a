/** What the content guardrails answer for a message: allowed, or refused with a category, a reason and a suggestion. */
export type RefusalCategory = 'too_short' | 'no_context' | 'no_intent' | 'gibberish' | 'abusive' | 'malware';

export interface Refusal {
  category: RefusalCategory;
  /** Why, in a few words (the Python Gantry's blocked_reason). */
  reason: string;
  /** What to say instead. */
  suggestion: string;
}

export type GuardrailVerdict = { allowed: true } | ({ allowed: false } & Refusal);

export const ALLOWED: GuardrailVerdict = { allowed: true };

export function refuse(category: RefusalCategory, reason: string, suggestion: string): GuardrailVerdict {
  return { allowed: false, category, reason, suggestion };
}
