import type { BuildPlan, TokenUsage } from '../../missions/domain/mission-events';
import type { Consultant, ConsultantInput, ConsultantReply } from '../../missions/ports/consultant.port';
import { isConfirmation } from '../../missions/domain/intent/confirmation';
import { detectDesignTarget } from '../../catalogue/design-target';
import type { Archetype } from '../../catalogue/archetypes';
import { OFFLINE_STACK, detectRequestedFramework } from '../../catalogue/offline-stack';
import { draftPlan, draftWithNotes, resolveArchetype, switchedArchetype } from './plan-drafting';
import { hasChanges, revisePlan } from './plan-revision';
import {
  CONFIRM_QUESTION,
  VAGUE_QUESTION,
  VAGUE_SPEECH,
  declineQuestion,
  declineSpeech,
  describePlan,
  notOfflineSentence,
  proposalSpeech,
  revisionSpeech,
  switchSpeech,
} from './plan-speech';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'rules-v1';

/** Confidence, in whole percent, for replies that do not come from a fresh draft. */
const CONFIDENCE = { vague: 20, declined: 30, revised: 90, unchanged: 50, confirmedAgain: 90, switched: 85 } as const;

/**
 * A consultant made of rules, not a model: it recognises the kind of app, the optional features and the
 * famous-app theme by whole words, proposes a plan, and revises it when the user asks. It needs no network
 * and answers the same input with the same reply, which makes it the default and the test double.
 */
export class OfflineConsultant implements Consultant {
  async reply(input: ConsultantInput): Promise<ConsultantReply> {
    return replyTo(input);
  }

  designTargetOf(prompt: string): string | null {
    return detectDesignTarget(prompt);
  }
}

function noUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0 };
}

type ReplyFields = Pick<ConsultantReply, 'status' | 'speech' | 'question' | 'plan' | 'confidencePercent'>;

function reply(fields: ReplyFields): ConsultantReply {
  return { ...fields, provider: OFFLINE_PROVIDER, model: OFFLINE_MODEL, usage: noUsage() };
}

function proposal(plan: BuildPlan, speech: string, confidencePercent: number): ConsultantReply {
  return reply({ status: 'NEEDS_CONFIRMATION', speech, question: CONFIRM_QUESTION, plan, confidencePercent });
}

export function replyTo(input: ConsultantInput): ConsultantReply {
  const userMessages = input.conversation.filter((turn) => turn.role === 'user').map((turn) => turn.content);
  if (input.currentPlan && userMessages.length > 0) return revise(input.currentPlan, userMessages);
  return firstProposal(userMessages);
}

function firstProposal(userMessages: readonly string[]): ConsultantReply {
  const draft = draftPlan(userMessages);
  if (draft.kind === 'vague') {
    return reply({
      status: 'NEEDS_INPUT',
      speech: VAGUE_SPEECH,
      question: VAGUE_QUESTION,
      plan: null,
      confidencePercent: CONFIDENCE.vague,
    });
  }
  if (draft.kind === 'decline') {
    return reply({
      status: 'NEEDS_INPUT',
      speech: declineSpeech(draft.summary, draft.closest),
      question: declineQuestion(draft.closest),
      plan: null,
      confidencePercent: CONFIDENCE.declined,
    });
  }
  const notes = notOfflineSentence(draft.notOffline, draft.limits);
  return proposal(draft.plan, proposalSpeech(draft.archetype, draft.plan, draft.framework, notes), draft.confidencePercent);
}

function revise(currentPlan: BuildPlan, userMessages: readonly string[]): ConsultantReply {
  const newest = userMessages[userMessages.length - 1];
  const archetype = resolveArchetype(userMessages.slice(0, -1));
  const switched = switchedArchetype(newest, archetype);
  if (switched) return switchTo(switched, currentPlan, newest);

  if (isConfirmation(newest)) {
    // The mission normally acts on a confirmation itself; if one reaches us, the plan is simply restated.
    const plan = { ...currentPlan, stack: OFFLINE_STACK };
    return proposal(plan, `The plan stands: ${describePlan(archetype, plan)}.`, CONFIDENCE.confirmedAgain);
  }
  const { plan, changes } = revisePlan(currentPlan, newest, archetype);
  const confidence = hasChanges(changes) ? CONFIDENCE.revised : CONFIDENCE.unchanged;
  return proposal(plan, revisionSpeech(archetype, plan, changes), confidence);
}

/** "Actually, make it a calculator instead": a fresh plan for the new kind of app, keeping the theme. */
function switchTo(archetype: Archetype, currentPlan: BuildPlan, newest: string): ConsultantReply {
  const designTarget = detectDesignTarget(newest) ?? currentPlan.designTarget;
  const { plan, notOffline, limits } = draftWithNotes(archetype, [newest], designTarget);
  const speech = `${switchSpeech(archetype, plan, detectRequestedFramework(newest))}${notOfflineSentence(notOffline, limits)}`;
  return proposal(plan, speech, CONFIDENCE.switched);
}
