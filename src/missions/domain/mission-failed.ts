import type { FailurePacket, MissionEvent, PipelineStep } from './mission-events';
import { statusOfStep } from './mission.state';

export type MissionFailedEvent = Extract<MissionEvent, { type: 'MissionFailed' }>;

/** Why a mission stopped: `reason` for the record, `speech` to say to the user. */
export interface FailureAccount {
  reason: string;
  speech: string;
}

/** The step's work could not be done (no sandbox, attempts spent, the model unreachable): the mission ends FAILED. */
export function failedAt(step: PipelineStep, account: FailureAccount, failure?: FailurePacket): MissionFailedEvent {
  const event = missionFailed('FAILED', step, account);
  return failure ? { ...event, data: { ...event.data, failure } } : event;
}

/** A rule refused what the step produced: the mission ends BLOCKED. */
export function blockedAt(step: PipelineStep, account: FailureAccount): MissionFailedEvent {
  return missionFailed('BLOCKED', step, account);
}

/** The step ran past its time limit: the mission ends TIMEOUT. */
export function timedOutAt(step: PipelineStep, account: FailureAccount): MissionFailedEvent {
  return missionFailed('TIMEOUT', step, account);
}

/** The one place a MissionFailed is made: its stage is always the status of the step it stopped at. */
function missionFailed(status: 'FAILED' | 'BLOCKED' | 'TIMEOUT', step: PipelineStep, { reason, speech }: FailureAccount): MissionFailedEvent {
  return { type: 'MissionFailed', data: { status, reason, stage: statusOfStep(step), speech } };
}
