import type { FailurePacket, MissionEvent, MissionEventMap, PipelineStep } from './mission-events';
import { isTerminal } from './mission-status';
import type { Mission, MissionState } from './mission.state';
import { digestOf, diskLimitPacket, failurePacket, failureSignature } from './failure-packet';
import { failedAt, timedOutAt } from './mission-failed';

/** Three attempts in all: the first draft and at most two heals. */
export const MAX_ATTEMPTS = 3;

export type PipelineAction =
  /** Record the start of a step (after `before`), so that a restart knows which step was under way. */
  | { kind: 'start'; step: PipelineStep; attempt: number; before: MissionEvent[] }
  | { kind: 'run'; step: PipelineStep; attempt: number }
  /** Record an outcome the state alone decides: success, or a final failure. */
  | { kind: 'record'; events: MissionEvent[] };

const start = (step: PipelineStep, attempt: number, before: MissionEvent[] = []): PipelineAction => ({ kind: 'start', step, attempt, before });

/** What the pipeline should do next for a mission, from its state alone. */
export function nextPipelineAction(state: MissionState): PipelineAction | null {
  if (!state.exists || state.archived) return null;
  if (state.currentStep) return { kind: 'run', ...state.currentStep };
  if (state.status === 'READY_TO_BUILD') return start('draft', 1);
  if (isTerminal(state.status) || state.pipeline.attempt === 0) return null;
  const { attempt, blueprint, rejection, verdict, build } = state.pipeline;
  if (rejection?.attempt === attempt) return afterRejectedBlueprint(state, rejection.reason);
  if (blueprint?.attempt !== attempt) return null;
  if (!verdict) return start('policy', attempt);
  if (!verdict.allowed) return null; // the policy step ends the mission BLOCKED itself
  if (!build) return start('build', attempt);
  if (build.passed) return afterGreenBuild(state);
  return afterFailedBuild(state, blueprint, build);
}

function afterGreenBuild(state: Mission): PipelineAction {
  const { attempt, finishedSteps } = state.pipeline;
  if (state.deploy && !finishedSteps.includes('deploy')) return start('deploy', attempt);
  if (state.publish && !finishedSteps.includes('publish')) return start('publish', attempt);
  const status = state.url ? 'DEPLOYED' : state.prUrl ? 'PR_OPENED' : 'SUCCESS';
  const notShipped = [state.deploy && !state.url ? 'deployment' : null, state.publish && !state.prUrl ? 'publishing' : null].filter(Boolean);
  const shipped = [state.url ? `Live at ${state.url}.` : null, state.prUrl ? `Pull request ${state.prUrl} is open for review.` : null].filter(Boolean);
  const missing = notShipped.length ? `${capitalise(notShipped.join(' and '))} did not happen: see the timeline.` : null;
  const speech = [`The build passed its tests on attempt ${attempt}.`, ...shipped, missing].filter(Boolean).join(' ');
  return {
    kind: 'record',
    events: [{ type: 'MissionSucceeded', data: { status, reason: `build passed on attempt ${attempt}`, speech, url: state.url, prUrl: state.prUrl } }],
  };
}

function afterFailedBuild(state: Mission, blueprint: MissionEventMap['BlueprintDrafted'], build: MissionEventMap['BuildAttemptFinished']): PipelineAction {
  const { attempt } = state.pipeline;
  // A build cut off by a restart says nothing about the code: run the same attempt again.
  if (build.abandoned) return start('build', attempt);
  if (build.timedOut) {
    const reason = `The dead man's switch stopped attempt ${attempt}: the build ran past its time limit`;
    return { kind: 'record', events: [timedOutAt('build', { reason, speech: 'Mission aborted. The build ran out of time.' })] };
  }
  const { exitCode, timedOut, oomKilled, logExcerpt, diskLimitHit } = build;
  const failure = failurePacket({
    command: blueprint.manifest.auditCommand,
    exitCode,
    timedOut,
    oomKilled,
    output: logExcerpt,
    manifestDigest: digestOf(blueprint.files),
  });
  // Like a timeout, the code is at fault, not the attempt: healing would only be asked to write less.
  if (diskLimitHit) {
    const reason = `Attempt ${attempt} hit the sandbox's disk limit: the build wrote more than its workspace or /tmp may hold, so it was not healed`;
    const speech = 'Mission failed. The build filled the disk limit of its sandbox.';
    return { kind: 'record', events: [failedAt('build', { reason, speech }, diskLimitPacket(failure))] };
  }
  return afterFailedAttempt(state, failure, 'build', `The build failed its tests on all ${MAX_ATTEMPTS} attempts`);
}

function afterRejectedBlueprint(state: Mission, reason: string): PipelineAction {
  const failure = failurePacket({ command: 'architect manifest', exitCode: null, timedOut: false, oomKilled: false, output: reason, manifestDigest: '' });
  return afterFailedAttempt(state, failure, 'draft', `No usable blueprint in ${MAX_ATTEMPTS} attempts; the last: ${reason}`);
}

/** Heal with the failure packet, unless the attempts are spent or the last heal did not change the failure. */
function afterFailedAttempt(state: Mission, failure: FailurePacket, step: PipelineStep, exhausted: string): PipelineAction {
  const { attempt, lastFailure } = state.pipeline;
  if (attempt >= MAX_ATTEMPTS) return { kind: 'record', events: [failedAt(step, { reason: exhausted, speech: `Failed after ${MAX_ATTEMPTS} attempts.` })] };
  if (lastFailure && failureSignature(lastFailure) === failureSignature(failure)) {
    const reason = `Attempt ${attempt} failed exactly as attempt ${attempt - 1} did${failure.failingTests.length ? ` (${failure.failingTests.slice(0, 3).join(', ')})` : ''}: healing stopped early`;
    return { kind: 'record', events: [failedAt(step, { reason, speech: `Healing stopped: attempt ${attempt} failed the same way as the one before.` })] };
  }
  return start('heal', attempt + 1, [{ type: 'HealRequested', data: { attempt: attempt + 1, failure } }]);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
