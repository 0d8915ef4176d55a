import type { BudgetLimits } from '../../../../config/gantry-config';
import type { ModelUsage } from '../../../domain/mission-events';

export interface BudgetCheck {
  /** Milliseconds of the run's wall time left (never negative). */
  remainingMs: number;
  /** Why no further model call may be made, or null while every cap holds. */
  exhausted: string | null;
}

/**
 * The budget governor: a run (from its confirmation or retry) may spend at most so many tokens, model calls
 * and minutes. It is asked before each model call; a call already made is never undone, so a draft that
 * crosses a cap is still built, and the next call is the one refused.
 */
export function checkBudget(spent: ModelUsage, runStartedAt: string | null, limits: BudgetLimits, now: number): BudgetCheck {
  const elapsedMs = runStartedAt ? Math.max(0, now - Date.parse(runStartedAt)) : 0;
  const remainingMs = Math.max(0, limits.wallTimeMs - elapsedMs);
  const tokens = spent.inputTokens + spent.outputTokens;
  if (tokens >= limits.tokens) return { remainingMs, exhausted: `the token budget is spent (${tokens} of ${limits.tokens} tokens used)` };
  if (spent.modelCalls >= limits.modelCalls)
    return { remainingMs, exhausted: `the model-call budget is spent (${spent.modelCalls} of ${limits.modelCalls} calls made)` };
  if (remainingMs === 0)
    return { remainingMs, exhausted: `the time budget is spent (${Math.round(elapsedMs / 60_000)} of ${Math.round(limits.wallTimeMs / 60_000)} minutes used)` };
  return { remainingMs, exhausted: null };
}
