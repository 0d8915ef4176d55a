import type { BuildPlan, ConsultantStatus, TokenUsage } from '../domain/mission-events';

export const CONSULTANT = Symbol('CONSULTANT');

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ConsultantInput {
  /** The whole conversation so far, oldest first; the last turn is the user's newest message. */
  conversation: ConversationTurn[];
  /** The plan proposed earlier and not yet confirmed, if any: a reply like "no, add X" revises it. */
  currentPlan: BuildPlan | null;
}

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

export interface Consultant {
  reply(input: ConsultantInput): Promise<ConsultantReply>;
}
