import type { PipelineStep } from '../domain/mission-events';
import type { MissionState } from '../domain/mission.state';

export type PipelineAction = { kind: 'start'; step: PipelineStep; attempt: number } | { kind: 'run'; step: PipelineStep; attempt: number };

/**
 * What the pipeline should do next for a mission, from its state alone. Starting a step is recorded
 * (PipelineStepStarted) before the step runs, so a restart knows which step was under way.
 */
export function nextPipelineAction(state: MissionState): PipelineAction | null {
  if (state.id === null) return null;
  if (state.currentStep) return { kind: 'run', ...state.currentStep };
  if (state.status === 'READY_TO_BUILD') return { kind: 'start', step: 'draft', attempt: 1 };
  return null;
}
