import type { BuildPlan } from '../../src/missions/domain/mission-events';
import type { ConsultantReply, ConversationTurn } from '../../src/missions/ports/consultant.port';
import { archetypeByKey, type ArchetypeKey } from '../../src/catalogue/archetypes';
import { OfflineConsultant } from '../../src/consultation/offline/offline-consultant';

/** Helpers for the offline consultant's specs: conversations as the mission would pass them. */

const consultant = new OfflineConsultant();

/** A conversation in which the user said these things, each but the last answered by the assistant. */
export function conversationOf(userMessages: readonly string[]): ConversationTurn[] {
  return userMessages.flatMap((content, index) => {
    const turns: ConversationTurn[] = [{ role: 'user', content }];
    return index < userMessages.length - 1 ? [...turns, { role: 'assistant', content: 'Noted.' }] : turns;
  });
}

export function ask(userMessages: readonly string[], currentPlan: BuildPlan | null = null): Promise<ConsultantReply> {
  return consultant.reply({ conversation: conversationOf(userMessages), currentPlan });
}

/** Given a first request and the plan proposed for it, when the user answers, then this is the reply. */
export async function answer(firstRequest: string, userAnswer: string): Promise<{ before: BuildPlan; after: ConsultantReply }> {
  const first = await ask([firstRequest]);
  if (!first.plan) throw new Error(`no plan proposed for ${firstRequest}`);
  return { before: first.plan, after: await ask([firstRequest, userAnswer], first.plan) };
}

export function baseOf(key: ArchetypeKey): string[] {
  return [...archetypeByKey(key).baseFeatures];
}
