import type { MissionEvent, PipelineStep } from '../../domain/mission-events';
import type { Mission } from '../../domain/mission.state';

/** All pipeline steps the saga can run, each a port whose adapter is chosen by configuration. */
export const PIPELINE_STEP_RUNNERS = Symbol('PIPELINE_STEP_RUNNERS');
/** The architect's steps, `draft` and `heal`: provided by the architect capability. */
export const ARCHITECT_STEP_RUNNERS = Symbol('ARCHITECT_STEP_RUNNERS');

export interface PipelineStepRunner {
  readonly step: PipelineStep;
  /**
   * Does the step's work for the mission's current state and returns the events that record its result.
   * It may be run again after a crash for the same attempt, so its side effects must be idempotent.
   */
  run(mission: Mission, attempt: number): Promise<MissionEvent[]>;
  /** Events to record together with the step's start (e.g. which sandbox a build will use). */
  starting?(mission: Mission, attempt: number): Promise<MissionEvent[]>;
}
