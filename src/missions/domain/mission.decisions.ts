import { createHash } from 'node:crypto';
import type { ConsultantReply } from './conversation';
import type { BuildPlan, MissionChannel, MissionEvent, MissionEventMap } from './mission-events';
import { InvalidTransitionError, MissionRuleError } from './mission.errors';
import { CONSULTING_STATUSES, PIPELINE_STATUSES, RETRYABLE_STATUSES } from './mission-status';
import type { DesignImage, Mission, MissionState } from './mission.state';

/**
 * Decisions: given the mission's state and a request, the events to record, or a domain error.
 * Pure functions, tested as given events / when command / then events.
 */

export interface OpenMission {
  missionId: string;
  prompt: string;
  deploy: boolean;
  publish: boolean;
  channel: MissionChannel;
  owner: string;
}

function event<K extends keyof MissionEventMap>(type: K, data: MissionEventMap[K]): MissionEvent {
  return { type, data } as MissionEvent;
}

function mustNotExist(state: MissionState): void {
  if (state.exists) throw new InvalidTransitionError(`Mission ${state.id} already exists`);
}

/** Every decision but opening one needs a mission: without one, there is nothing to change. */
function existing(state: MissionState, action: string): Mission {
  if (!state.exists) throw new InvalidTransitionError(`Cannot ${action}: there is no such mission`, 'I could not find that mission.');
  return state;
}

function mustBeConsulting(given: MissionState, action: string): Mission {
  const state = existing(given, action);
  if (!CONSULTING_STATUSES.has(state.status) || state.archived) {
    throw new InvalidTransitionError(
      `Cannot ${action}: mission ${state.id} is ${state.archived ? 'archived' : state.status}`,
      `That mission is ${state.archived ? 'archived' : state.status.toLowerCase().replace(/_/g, ' ')}, so it cannot take messages. Start a new one.`,
    );
  }
  return state;
}

export function openConsultation(state: MissionState, command: OpenMission): MissionEvent[] {
  mustNotExist(state);
  return [event('MissionOpened', { ...command, mode: 'consultation' })];
}

export function receiveMessage(state: MissionState, text: string): MissionEvent[] {
  mustBeConsulting(state, 'add a message');
  return [event('UserMessageReceived', { text })];
}

export function recordConsultantReply(state: MissionState, reply: ConsultantReply): MissionEvent[] {
  mustBeConsulting(state, 'record a reply');
  return [consultantReplied(reply)];
}

function consultantReplied(reply: ConsultantReply): MissionEvent {
  return event('ConsultantReplied', {
      status: reply.status,
      speech: reply.speech,
      question: reply.question,
      features: reply.plan?.features ?? [],
      proposedStack: reply.plan?.stack ?? null,
      designTarget: reply.plan?.designTarget ?? null,
      confidencePercent: reply.confidencePercent,
      provider: reply.provider,
      model: reply.model,
      usage: reply.usage,
    });
}

/** The build prompt is what the user asked for, in their words; the plan travels beside it, whole. */
export function buildPromptOf(state: Mission, isConfirmation: (text: string) => boolean): string {
  return state.conversation
    .filter((turn) => turn.role === 'user' && !isConfirmation(turn.content))
    .map((turn) => turn.content)
    .join('\n');
}

export function confirmBuild(given: MissionState, isConfirmation: (text: string) => boolean): MissionEvent[] {
  const state = mustBeConsulting(given, 'confirm a build');
  const plan = state.proposedPlan;
  if (!plan) {
    throw new MissionRuleError(
      `Mission ${state.id} has no proposed plan to confirm`,
      'There is no plan to confirm yet. Tell me a little more about the app first.',
    );
  }
  return [event('BuildConfirmed', { buildPrompt: buildPromptOf(state, isConfirmation), ...plan })];
}

export function attachDesignImage(state: MissionState, image: DesignImage): MissionEvent[] {
  mustBeConsulting(state, 'attach a design image');
  return [event('DesignImageAttached', { ...image })];
}

/** A direct build skips the consultation: the prompt is the whole brief and the plan is the default one. */
export function startDirectBuild(state: MissionState, command: OpenMission, reading: ConsultantReply, plan: BuildPlan): MissionEvent[] {
  mustNotExist(state);
  // The consultant's reading is recorded (a model's usage counts), and the plan is approved at once.
  return [
    event('MissionOpened', { ...command, mode: 'direct' }),
    consultantReplied(reading),
    event('BuildConfirmed', { buildPrompt: command.prompt, ...plan }),
  ];
}

export function retryMission(given: MissionState, by: string, options: { deploy?: boolean; publish?: boolean }): MissionEvent[] {
  const state = existing(given, 'retry');
  if (!RETRYABLE_STATUSES.has(state.status) || state.archived) {
    throw new InvalidTransitionError(
      `Cannot retry mission ${state.id}: it is ${state.archived ? 'archived' : state.status}; only FAILED, BLOCKED or TIMEOUT missions can be retried`,
      `Cannot retry: the mission is ${state.archived ? 'archived' : state.status}. Only failed, blocked or timed-out missions can be retried.`,
    );
  }
  if (!state.approvedPlan) throw new MissionRuleError(`Mission ${state.id} never had an approved plan to build`);
  return [event('MissionRetried', { fromStatus: state.status, by, deploy: options.deploy ?? state.deploy, publish: options.publish ?? state.publish })];
}

/** A message the guardrails refused, recorded on the mission it was sent to (by digest, not verbatim). */
export function refuseMessage(state: MissionState, refusal: { category: string; reason: string; suggestion: string }, text: string): MissionEvent[] {
  existing(state, 'record a refused message');
  const textSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const { category, reason, suggestion } = refusal;
  return [event('MessageRefused', { category, reason, suggestion, textSha256, textLength: text.length })];
}

/** Archiving hides a mission from the read models; its events stay. A running build is not archived under it. */
export function archiveMission(given: MissionState, by: string): MissionEvent[] {
  const state = existing(given, 'archive');
  if (state.archived) return [];
  if (PIPELINE_STATUSES.has(state.status)) {
    throw new InvalidTransitionError(`Mission ${state.id} is ${state.status}; it can be archived when it finishes`);
  }
  return [event('MissionArchived', { by })];
}
