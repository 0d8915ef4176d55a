import type { ConversationTurn } from './conversation';
import type {
  BuildPlan,
  MissionChannel,
  MissionEvent,
  MissionEventMap,
  MissionMode,
  ModelUsage,
  PipelineStep,
  ProjectLink,
  TokenUsage,
} from './mission-events';
import { MissionNotFoundError } from './mission.errors';
import type { MissionStatus } from './mission-status';
import {
  evolveProgress,
  isPipelineProgressEvent,
  NO_PROGRESS,
  writtenByModel,
  type PipelineProgress,
  type PipelineProgressEvent,
} from './mission-pipeline.state';
import { evolveShipping, isShippingEvent, type ShippingChange } from './mission-shipping.state';

export interface ApprovedPlan extends BuildPlan {
  buildPrompt: string;
}

export interface MissionFailure {
  status: MissionStatus;
  reason: string;
  stage: string | null;
}

export interface DesignImage {
  fileName: string;
  mime: string;
  bytes: number;
  sha256: string;
  evidencePath: string;
}

/** A stream with no MissionOpened (yet): there is no mission, so there is no id and nothing else to know. */
export interface NoMission {
  exists: false;
  /** Revision of the last event read; -1 for an empty stream. */
  revision: number;
}

/** Everything known about a mission, derived only from its events. */
export interface Mission {
  exists: true;
  id: string;
  /** Revision of the last event folded in. */
  revision: number;
  mode: MissionMode;
  owner: string;
  channel: MissionChannel;
  prompt: string;
  deploy: boolean;
  publish: boolean;
  status: MissionStatus;
  speech: string;
  conversation: ConversationTurn[];
  /** Messages the guardrails refused on this mission (recorded by digest, not in the conversation). */
  refusedMessages: number;
  pendingQuestion: string | null;
  /** Proposed by the consultant, waiting for the user's confirmation. */
  proposedPlan: BuildPlan | null;
  approvedPlan: ApprovedPlan | null;
  /** The pipeline run: 1 for the first build, one more for each retry. */
  run: number;
  currentStep: { step: PipelineStep; attempt: number } | null;
  pipeline: PipelineProgress;
  designImage: DesignImage | null;
  archived: boolean;
  failure: MissionFailure | null;
  url: string | null;
  prUrl: string | null;
  /** Everything the mission has spent on the model, consultation included. */
  usage: ModelUsage;
  /** What the current run (from its confirmation or retry) has spent: what the budget caps. */
  runUsage: ModelUsage;
  /** When the current run was confirmed or retried (the event's `occurredAt`); null when not known. */
  runStartedAt: string | null;
  /** Set on a mission that makes a new version of a shipped app; null on a project's first mission. */
  project: ProjectLink | null;
}

export type MissionState = NoMission | Mission;

export const NO_MISSION: NoMission = { exists: false, revision: -1 };

/** Narrows a loaded state to the mission it must be: a missing one is not found. */
export function mustExist(state: MissionState, missionId: string): Mission {
  if (!state.exists) throw new MissionNotFoundError(missionId);
  return state;
}

export const NO_USAGE: ModelUsage = { inputTokens: 0, outputTokens: 0, modelCalls: 0 };

export function addUsage(total: ModelUsage, usage: TokenUsage, calls: number): ModelUsage {
  return { inputTokens: total.inputTokens + usage.inputTokens, outputTokens: total.outputTokens + usage.outputTokens, modelCalls: total.modelCalls + calls };
}

/** What a mission knows of its progress when it is opened: nothing yet. */
const NOTHING_YET = {
  refusedMessages: 0,
  pendingQuestion: null,
  proposedPlan: null,
  approvedPlan: null,
  run: 0,
  currentStep: null,
  pipeline: NO_PROGRESS,
  designImage: null,
  archived: false,
  failure: null,
  url: null,
  prUrl: null,
  usage: NO_USAGE,
  runUsage: NO_USAGE,
  runStartedAt: null,
} satisfies Partial<Mission>;

const STEP_STATUS: Record<PipelineStep, MissionStatus> = {
  draft: 'ARCHITECTING',
  policy: 'VALIDATING',
  build: 'BUILDING',
  heal: 'HEALING',
  deploy: 'DEPLOYING',
  publish: 'PUBLISHING',
};

export function statusOfStep(step: PipelineStep): MissionStatus {
  return STEP_STATUS[step];
}

/** Folds one event into the state. Pure: the read models and the command side share it. */
export function evolve(state: MissionState, event: MissionEvent): MissionState {
  if (event.type === 'MissionOpened') return opened(state, event.data);
  // Before MissionOpened there is no mission for an event to change.
  return state.exists ? evolveMission(state, event) : state;
}

function opened(state: MissionState, data: MissionEventMap['MissionOpened']): Mission {
  const { missionId, mode, prompt, deploy, publish, channel, owner, project } = data;
  const consulting = mode === 'consultation';
  return {
    ...(state.exists ? state : NOTHING_YET),
    exists: true,
    id: missionId,
    revision: state.revision,
    mode,
    prompt,
    deploy,
    publish,
    channel,
    owner,
    project: project ?? null,
    status: consulting ? 'CONSULTING' : 'PENDING',
    speech: consulting ? 'Consulting.' : 'Mission queued.',
    conversation: consulting ? [{ role: 'user', content: prompt }] : [],
  };
}

function shipped(state: Mission, { shipping, finished, ...links }: ShippingChange): Mission {
  const finishedSteps = finished ? [...state.pipeline.finishedSteps, finished] : state.pipeline.finishedSteps;
  return { ...state, ...links, currentStep: finished ? null : state.currentStep, pipeline: { ...state.pipeline, shipping, finishedSteps } };
}

function progressed(state: Mission, event: PipelineProgressEvent): Mission {
  const stepDone = event.type !== 'BuildAttemptStarted' && event.type !== 'HealRequested';
  const status = event.type === 'HealRequested' ? 'HEALING' : state.status;
  const spent = event.type === 'BlueprintDrafted' || event.type === 'BlueprintRejected' ? event.data : null;
  const usage = spent ? { usage: addUsage(state.usage, spent.usage, spent.calls ?? 0), runUsage: addUsage(state.runUsage, spent.usage, spent.calls ?? 0) } : {};
  return { ...state, ...usage, status, currentStep: stepDone ? null : state.currentStep, pipeline: evolveProgress(state.pipeline, event) };
}

function evolveMission(state: Mission, event: Exclude<MissionEvent, { type: 'MissionOpened' }>): Mission {
  if (isShippingEvent(event)) return shipped(state, evolveShipping(state.pipeline.shipping, event));
  if (isPipelineProgressEvent(event)) return progressed(state, event);
  switch (event.type) {
    case 'UserMessageReceived':
      return { ...state, status: 'CONSULTING', pendingQuestion: null, conversation: [...state.conversation, { role: 'user', content: event.data.text }] };
    case 'DesignImageAttached':
      return { ...state, designImage: { ...event.data } };
    case 'ConsultantReplied': {
      const { speech, question, features, proposedStack, designTarget, status } = event.data;
      const plan = status === 'NEEDS_CONFIRMATION' && proposedStack ? { features, stack: proposedStack, designTarget } : null;
      return {
        ...state,
        // A direct build records the consultant's reading of its prompt, then confirms at once: it never waits for input.
        status: state.mode === 'direct' ? state.status : 'AWAITING_INPUT',
        speech,
        pendingQuestion: question,
        proposedPlan: plan,
        conversation: [...state.conversation, { role: 'assistant', content: speech }],
        usage: addUsage(state.usage, event.data.usage, writtenByModel(event.data) ? 1 : 0),
      };
    }
    case 'BuildConfirmed':
      return {
        ...state,
        status: 'READY_TO_BUILD',
        speech: 'Plan confirmed. Building now.',
        pendingQuestion: null,
        proposedPlan: null,
        approvedPlan: { ...event.data },
        run: state.run + 1,
        currentStep: null,
        pipeline: NO_PROGRESS,
        failure: null,
        runUsage: NO_USAGE,
        runStartedAt: null,
      };
    case 'PipelineStepStarted':
      return { ...state, status: statusOfStep(event.data.step), currentStep: { ...event.data }, pipeline: { ...state.pipeline, attempt: event.data.attempt } };
    case 'MissionSucceeded':
      return { ...state, status: event.data.status, speech: event.data.speech, url: event.data.url, prUrl: event.data.prUrl, currentStep: null };
    case 'MissionFailed': {
      const { status, reason, stage, speech } = event.data;
      return { ...state, status, speech, currentStep: null, failure: { status, reason, stage } };
    }
    case 'MissionArchived':
      return { ...state, archived: true };
    case 'MessageRefused':
      return { ...state, refusedMessages: state.refusedMessages + 1 };
    case 'VersionRestored':
      return { ...state, url: event.data.url, speech: `Version ${event.data.version} is live again.` };
    case 'MissionRetried':
      return {
        ...state,
        status: 'READY_TO_BUILD',
        speech: 'Retrying the build.',
        deploy: event.data.deploy,
        publish: event.data.publish,
        run: state.run + 1,
        currentStep: null,
        pipeline: NO_PROGRESS,
        failure: null,
        url: null,
        prUrl: null,
        runUsage: NO_USAGE,
        runStartedAt: null,
      };
  }
}

export type StoredMissionEvent = MissionEvent & { revision?: number; occurredAt?: string };

/** Folds a stream. When events carry their `occurredAt`, the current run's start time is kept for the budget's wall clock. */
export function foldMission(events: StoredMissionEvent[]): MissionState {
  return events.reduce<MissionState>((state, event, index) => {
    const next = { ...evolve(state, event), revision: event.revision ?? index };
    const runStarts = event.type === 'BuildConfirmed' || event.type === 'MissionRetried';
    return runStarts && event.occurredAt && next.exists ? { ...next, runStartedAt: event.occurredAt } : next;
  }, NO_MISSION);
}
