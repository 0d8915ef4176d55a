import type { FailurePacket, FileDigest, MissionEvent, MissionEventMap, PipelineStep } from './mission-events';
import { NO_SHIPPING, type ShippingProgress } from './mission-shipping.state';

/** Whether a blueprint was written by a model (Bedrock, OpenAI-compatible) rather than the offline architect's templates. */
export function writtenByModel(blueprint: Pick<MissionEventMap['BlueprintDrafted'], 'provider'>): boolean {
  return blueprint.provider !== 'offline';
}

/** The current run's progress through the pipeline; reset by each confirmation or retry. */
export interface PipelineProgress {
  /** The attempt under way (1 to 3); 0 before drafting starts. */
  attempt: number;
  blueprint: MissionEventMap['BlueprintDrafted'] | null;
  /** The architect's answer for this attempt could not be used. */
  rejection: MissionEventMap['BlueprintRejected'] | null;
  verdict: MissionEventMap['PolicyVerdictRendered'] | null;
  build: MissionEventMap['BuildAttemptFinished'] | null;
  /** Steps after the build that have been dealt with (done, or recorded as unavailable). */
  finishedSteps: PipelineStep[];
  /** The approved plan's tests: the test files of the run's first accepted blueprint, which healing must keep. */
  planTests: FileDigest[] | null;
  /** The failure the last heal was asked to fix: the same failure again stops healing. */
  lastFailure: FailurePacket | null;
  shipping: ShippingProgress;
}

export const NO_PROGRESS: PipelineProgress = {
  attempt: 0,
  blueprint: null,
  rejection: null,
  verdict: null,
  build: null,
  finishedSteps: [],
  planTests: null,
  lastFailure: null,
  shipping: NO_SHIPPING,
};

type PipelineEventType =
  | 'BlueprintDrafted'
  | 'BlueprintRejected'
  | 'PolicyVerdictRendered'
  | 'BuildAttemptStarted'
  | 'BuildAttemptFinished'
  | 'HealRequested'
  | 'PipelineStepUnavailable';

const PIPELINE_EVENT_TYPES: readonly string[] = [
  'BlueprintDrafted',
  'BlueprintRejected',
  'PolicyVerdictRendered',
  'BuildAttemptStarted',
  'BuildAttemptFinished',
  'HealRequested',
  'PipelineStepUnavailable',
];

export type PipelineProgressEvent = Extract<MissionEvent, { type: PipelineEventType }>;

export function isPipelineProgressEvent(event: MissionEvent): event is PipelineProgressEvent {
  return PIPELINE_EVENT_TYPES.includes(event.type);
}

/** Test files by the usual conventions: a test folder, or a `.test.`/`.spec.` name. */
export function isTestFile(path: string): boolean {
  return /(^|\/)(test|tests|__tests__)\//.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path);
}

/** How a pipeline result event moves the run along. A new attempt's blueprint starts that attempt afresh. */
export function evolveProgress(progress: PipelineProgress, event: PipelineProgressEvent): PipelineProgress {
  const carried = { planTests: progress.planTests, lastFailure: progress.lastFailure };
  switch (event.type) {
    case 'BlueprintDrafted':
      return {
        ...NO_PROGRESS,
        ...carried,
        attempt: event.data.attempt,
        blueprint: event.data,
        planTests: progress.planTests ?? event.data.files.filter((file) => isTestFile(file.path)),
      };
    case 'BlueprintRejected':
      return { ...NO_PROGRESS, ...carried, attempt: event.data.attempt, rejection: event.data };
    case 'PolicyVerdictRendered':
      return { ...progress, verdict: event.data };
    case 'BuildAttemptFinished':
      return { ...progress, build: event.data };
    case 'PipelineStepUnavailable':
      return { ...progress, finishedSteps: [...progress.finishedSteps, event.data.step] };
    case 'HealRequested':
      return { ...progress, lastFailure: event.data.failure };
    case 'BuildAttemptStarted':
      return progress;
  }
}
