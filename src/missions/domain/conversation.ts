import type { BuildPlan, ConsultantStatus, TokenUsage } from './mission-events';

/** One turn of a consultation, as the mission records it and the consultant reads it. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What the consultant answered: the mission records it as ConsultantReplied. */
export interface ConsultantReply {
  /** The consultant proposes; only the user's confirmation starts a build (the mission decides that). */
  status: Exclude<ConsultantStatus, 'READY_TO_BUILD'>;
  speech: string;
  question: string | null;
  /** Present with NEEDS_CONFIRMATION: the plan the user is asked to approve. */
  plan: BuildPlan | null;
  confidencePercent: number;
  provider: string;
  model: string;
  usage: TokenUsage;
}

/**
 * What one consultation may hold, so that no client can grow a mission's stream without end: the user's
 * messages (the opening prompt and refused messages included) and their characters. A full consultation
 * takes only the confirmation of the plan it proposed.
 */
export const CONSULTATION_LIMITS = { messages: 100, characters: 100_000 } as const;

/** What a consultant is given of a long consultation: bounded, so one turn never costs more than this to read. */
export const CONVERSATION_BUDGET = { turns: 20, characters: 16_000 } as const;

/**
 * The opening message (it says what the app is) and the newest turns that fit the budget, in order.
 * A consultation may go on for hundreds of turns; the consultant, a model's context or the offline
 * rules, is handed a bounded part of it, so the work per turn stays bounded too.
 */
export function boundedConversation(
  turns: readonly ConversationTurn[],
  budget: { turns: number; characters: number } = CONVERSATION_BUDGET,
): ConversationTurn[] {
  const opening = turns.findIndex((turn) => turn.role === 'user');
  const kept: ConversationTurn[] = [];
  let characters = opening >= 0 ? turns[opening].content.length : 0;
  for (let index = turns.length - 1; index > opening && kept.length < budget.turns - 1; index -= 1) {
    characters += turns[index].content.length;
    if (characters > budget.characters && kept.length > 0) break;
    kept.unshift(turns[index]);
  }
  return opening >= 0 ? [turns[opening], ...kept] : kept;
}
