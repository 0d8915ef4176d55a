import type { MissionEvent, MissionEventMap, PipelineStep } from './mission-events';
import { NO_SHIPPING, type ShippingProgress } from './mission-shipping.state';

/** The current run's progress through the pipeline; reset by each confirmation or retry. */
export interface PipelineProgress {
  /** The attempt under way (1 to 3); 0 before drafting starts. */
  attempt: number;
  blueprint: MissionEventMap['BlueprintDrafted'] | null;
  verdict: MissionEventMap['PolicyVerdictRendered'] | null;
  build: MissionEventMap['BuildAttemptFinished'] | null;
  /** Steps after the build that have been dealt with (done, or recorded as unavailable). */
  finishedSteps: PipelineStep[];
  shipping: ShippingProgress;
}

export const NO_PROGRESS: PipelineProgress = { attempt: 0, blueprint: null, verdict: null, build: null, finishedSteps: [], shipping: NO_SHIPPING };

type PipelineEventType = 'BlueprintDrafted' | 'PolicyVerdictRendered' | 'BuildAttemptStarted' | 'BuildAttemptFinished' | 'HealRequested' | 'PipelineStepUnavailable';

export function isPipelineProgressEvent(event: MissionEvent): event is Extract<MissionEvent, { type: PipelineEventType }> {
  return ['BlueprintDrafted', 'PolicyVerdictRendered', 'BuildAttemptStarted', 'BuildAttemptFinished', 'HealRequested', 'PipelineStepUnavailable'].includes(event.type);
}

/** How a pipeline result event moves the run along. A new attempt's blueprint starts that attempt afresh. */
export function evolveProgress(progress: PipelineProgress, event: Extract<MissionEvent, { type: PipelineEventType }>): PipelineProgress {
  switch (event.type) {
    case 'BlueprintDrafted':
      return { ...NO_PROGRESS, attempt: event.data.attempt, blueprint: event.data };
    case 'PolicyVerdictRendered':
      return { ...progress, verdict: event.data };
    case 'BuildAttemptFinished':
      return { ...progress, build: event.data };
    case 'PipelineStepUnavailable':
      return { ...progress, finishedSteps: [...progress.finishedSteps, event.data.step] };
    case 'BuildAttemptStarted':
    case 'HealRequested':
      return progress;
  }
}
