import type { ConsultantReply, ConversationTurn } from '../domain/conversation';
import type { BuildPlan } from '../domain/mission-events';

export type { ConsultantReply, ConversationTurn };

export const CONSULTANT = Symbol('CONSULTANT');

export interface ConsultantInput {
  /** The whole conversation so far, oldest first; the last turn is the user's newest message. */
  conversation: ConversationTurn[];
  /** The plan proposed earlier and not yet confirmed, if any: a reply like "no, add X" revises it. */
  currentPlan: BuildPlan | null;
}

export interface Consultant {
  reply(input: ConsultantInput): Promise<ConsultantReply>;
  /** The famous app a prompt names as its look (e.g. SPOTIFY), if any: a direct build's plan when the reading proposes none. */
  designTargetOf(prompt: string): string | null;
}
