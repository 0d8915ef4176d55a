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
