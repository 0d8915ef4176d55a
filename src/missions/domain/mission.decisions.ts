import { createHash } from 'node:crypto';
import { CONSULTATION_LIMITS, type ConsultantReply } from './conversation';
import { isConfirmation } from './intent/confirmation';
import type { MissionChange, MissionCommand, OpenMission } from './mission.commands';
import type { BuildPlan, MissionEvent, MissionEventMap, ProjectLink } from './mission-events';
import { buildPromptOf, restorableDeployment } from './project-version';
import { ConsultationFullError, InvalidTransitionError, MissionRuleError } from './mission.errors';
import { CONSULTING_STATUSES, PIPELINE_STATUSES, RETRYABLE_STATUSES } from './mission-status';
import type { DesignImage, Mission, MissionState } from './mission.state';
import type { Refusal } from './screening';

/**
 * Decisions: given the mission's state and a command, the events to record, or a domain error.
 * Pure, tested as given events / when command / then events.
 */
export function decide(command: MissionCommand, state: MissionState): MissionEvent[] {
  switch (command.type) {
    case 'OpenConsultation':
      return openConsultation(state, command.opening);
    case 'StartDirectBuild':
      return startDirectBuild(state, command.opening, command.reading, command.plan);
    case 'OpenVersion':
      return openVersion(state, command.opening, command.link);
    case 'ReceiveMessage':
    case 'RecordConsultantReply':
    case 'ConfirmBuild':
    case 'AttachDesignImage':
    case 'RetryMission':
    case 'RefuseMessage':
    case 'ArchiveMission':
    case 'RestoreVersion':
      return change(existing(state, command), command);
  }
}

function change(mission: Mission, command: MissionChange): MissionEvent[] {
  switch (command.type) {
    case 'ReceiveMessage':
      return receiveMessage(mission, command.text);
    case 'RecordConsultantReply':
      return recordConsultantReply(mission, command.reply);
    case 'ConfirmBuild':
      return confirmBuild(mission);
    case 'AttachDesignImage':
      return attachDesignImage(mission, command.image);
    case 'RetryMission':
      return retryMission(mission, command.by, command);
    case 'RefuseMessage':
      return refuseMessage(mission, command.refusal, command.text);
    case 'ArchiveMission':
      return archiveMission(mission, command.by);
    case 'RestoreVersion':
      return restoreVersion(mission, command.by, command.restored);
  }
}

const ACTIONS: Record<MissionChange['type'], string> = {
  ReceiveMessage: 'add a message',
  RecordConsultantReply: 'record a reply',
  ConfirmBuild: 'confirm a build',
  AttachDesignImage: 'attach a design image',
  RetryMission: 'retry',
  RefuseMessage: 'record a refused message',
  ArchiveMission: 'archive',
  RestoreVersion: 'restore a version',
};

function event<K extends keyof MissionEventMap>(type: K, data: MissionEventMap[K]): MissionEvent {
  return { type, data } as MissionEvent;
}

function existing(state: MissionState, command: MissionChange): Mission {
  if (!state.exists) throw new InvalidTransitionError(`Cannot ${ACTIONS[command.type]}: there is no such mission`, 'I could not find that mission.');
  return state;
}

function mustNotExist(state: MissionState): void {
  if (state.exists) throw new InvalidTransitionError(`Mission ${state.id} already exists`);
}

function mustBeConsulting(state: Mission, action: MissionChange['type']): void {
  if (!CONSULTING_STATUSES.has(state.status) || state.archived) {
    throw new InvalidTransitionError(
      `Cannot ${ACTIONS[action]}: mission ${state.id} is ${state.archived ? 'archived' : state.status}`,
      `That mission is ${state.archived ? 'archived' : state.status.toLowerCase().replace(/_/g, ' ')}, so it cannot take messages. Start a new one.`,
    );
  }
}

function openConsultation(state: MissionState, opening: OpenMission): MissionEvent[] {
  mustNotExist(state);
  return [event('MissionOpened', { ...opening, mode: 'consultation' })];
}

/** A change to a shipped app: a consultation like any other, whose first event links the project and its parent's head. */
function openVersion(state: MissionState, opening: OpenMission, link: ProjectLink): MissionEvent[] {
  mustNotExist(state);
  return [event('MissionOpened', { ...opening, mode: 'consultation', project: link })];
}

/** The user's messages a consultation holds (refused ones count too: they are recorded) and their characters. */
function consultationSize(state: Mission): { messages: number; characters: number } {
  const said = state.conversation.filter((turn) => turn.role === 'user');
  return { messages: said.length + state.refusedMessages, characters: said.reduce((sum, turn) => sum + turn.content.length, 0) };
}

/** Whether `text` still fits the consultation (CONSULTATION_LIMITS). */
function hasRoomFor(state: Mission, text: string): boolean {
  const { messages, characters } = consultationSize(state);
  return messages < CONSULTATION_LIMITS.messages && characters + text.length <= CONSULTATION_LIMITS.characters;
}

function receiveMessage(state: Mission, text: string): MissionEvent[] {
  mustBeConsulting(state, 'ReceiveMessage');
  // A full consultation still takes the confirmation of its plan: the user can always build what was agreed.
  if (!hasRoomFor(state, text) && !(state.proposedPlan && isConfirmation(text))) throw new ConsultationFullError(state.id, state.proposedPlan !== null);
  return [event('UserMessageReceived', { text })];
}

function recordConsultantReply(state: Mission, reply: ConsultantReply): MissionEvent[] {
  mustBeConsulting(state, 'RecordConsultantReply');
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

function confirmBuild(state: Mission): MissionEvent[] {
  mustBeConsulting(state, 'ConfirmBuild');
  const plan = state.proposedPlan;
  if (!plan) {
    throw new MissionRuleError(
      `Mission ${state.id} has no proposed plan to confirm`,
      'There is no plan to confirm yet. Tell me a little more about the app first.',
    );
  }
  return [event('BuildConfirmed', { buildPrompt: buildPromptOf(state), ...plan })];
}

function attachDesignImage(state: Mission, image: DesignImage): MissionEvent[] {
  mustBeConsulting(state, 'AttachDesignImage');
  return [event('DesignImageAttached', { ...image })];
}

/** A direct build skips the consultation: the prompt is the whole brief. */
function startDirectBuild(state: MissionState, opening: OpenMission, reading: ConsultantReply, plan: BuildPlan): MissionEvent[] {
  mustNotExist(state);
  // The consultant's reading is recorded (a model's usage counts), and the plan is approved at once.
  return [
    event('MissionOpened', { ...opening, mode: 'direct' }),
    consultantReplied(reading),
    event('BuildConfirmed', { buildPrompt: opening.prompt, ...plan }),
  ];
}

function retryMission(state: Mission, by: string, options: { deploy?: boolean; publish?: boolean }): MissionEvent[] {
  if (!RETRYABLE_STATUSES.has(state.status) || state.archived) {
    throw new InvalidTransitionError(
      `Cannot retry mission ${state.id}: it is ${state.archived ? 'archived' : state.status}; only FAILED, BLOCKED or TIMEOUT missions can be retried`,
      `Cannot retry: the mission is ${state.archived ? 'archived' : state.status}. Only failed, blocked or timed-out missions can be retried.`,
    );
  }
  if (!state.approvedPlan) throw new MissionRuleError(`Mission ${state.id} never had an approved plan to build`);
  return [event('MissionRetried', { fromStatus: state.status, by, deploy: options.deploy ?? state.deploy, publish: options.publish ?? state.publish })];
}

/**
 * A message the guardrails refused, recorded on the mission it was sent to (by digest, not verbatim). Once
 * the consultation is full nothing more is recorded (the refusal is still the answer), so refused messages
 * cannot grow the stream without end either.
 */
function refuseMessage(state: Mission, refusal: Refusal, text: string): MissionEvent[] {
  if (consultationSize(state).messages >= CONSULTATION_LIMITS.messages) return [];
  const textSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const { category, reason, suggestion } = refusal;
  return [event('MessageRefused', { category, reason, suggestion, textSha256, textLength: text.length })];
}

/** Archiving hides a mission from the read models; its events stay. A running build is not archived under it. */
function archiveMission(state: Mission, by: string): MissionEvent[] {
  if (state.archived) return [];
  if (PIPELINE_STATUSES.has(state.status)) {
    throw new InvalidTransitionError(`Mission ${state.id} is ${state.status}; it can be archived when it finishes`);
  }
  return [event('MissionArchived', { by })];
}

/** A rollback: this version went live again. Only a version that was deployed can be. */
function restoreVersion(state: Mission, by: string, restored: { provider: string; url: string; deploymentId: string; manifestDigest: string }): MissionEvent[] {
  const version = state.project?.version ?? 1;
  const deployment = restorableDeployment(state, version);
  if (deployment.manifestDigest !== restored.manifestDigest) {
    throw new MissionRuleError(`Mission ${state.id}: the restored files (${restored.manifestDigest.slice(0, 12)}) are not the version's own`);
  }
  return [event('VersionRestored', { projectId: state.project?.projectId ?? state.id, version, by, ...restored })];
}
