import { createHash } from 'node:crypto';
import type { MissionEvent, PipelineStep } from '../domain/mission-events';
import { isTerminal } from '../domain/mission-status';
import type { MissionState } from '../domain/mission.state';

/** Three attempts in all: the first draft and at most two heals. */
export const MAX_ATTEMPTS = 3;
const FAILURE_OUTPUT_CHARS = 4000;

export type PipelineAction =
  /** Record the start of a step (after `before`), so that a restart knows which step was under way. */
  | { kind: 'start'; step: PipelineStep; attempt: number; before: MissionEvent[] }
  | { kind: 'run'; step: PipelineStep; attempt: number }
  /** Record an outcome the state alone decides: success, or a final failure. */
  | { kind: 'record'; events: MissionEvent[] };

const start = (step: PipelineStep, attempt: number, before: MissionEvent[] = []): PipelineAction => ({ kind: 'start', step, attempt, before });

/** What the pipeline should do next for a mission, from its state alone. */
export function nextPipelineAction(state: MissionState): PipelineAction | null {
  if (state.id === null || state.archived) return null;
  if (state.currentStep) return { kind: 'run', ...state.currentStep };
  if (state.status === 'READY_TO_BUILD') return start('draft', 1);
  if (isTerminal(state.status) || state.pipeline.attempt === 0) return null;
  const { attempt, blueprint, verdict, build } = state.pipeline;
  if (blueprint?.attempt !== attempt) return null;
  if (!verdict) return start('policy', attempt);
  if (!verdict.allowed) return null; // the policy step ends the mission BLOCKED itself
  if (!build) return start('build', attempt);
  if (build.passed) return afterGreenBuild(state);
  return afterFailedBuild(state);
}

function afterGreenBuild(state: MissionState): PipelineAction {
  const { attempt, finishedSteps } = state.pipeline;
  if (state.deploy && !finishedSteps.includes('deploy')) return start('deploy', attempt);
  if (state.publish && !finishedSteps.includes('publish')) return start('publish', attempt);
  const status = state.url ? 'DEPLOYED' : state.prUrl ? 'PR_OPENED' : 'SUCCESS';
  const notShipped = [state.deploy && !state.url ? 'deployment' : null, state.publish && !state.prUrl ? 'publishing' : null].filter(Boolean);
  const shipped = [state.url ? `Live at ${state.url}.` : null, state.prUrl ? `Pull request ${state.prUrl} is open for review.` : null].filter(Boolean);
  const missing = notShipped.length ? `${capitalise(notShipped.join(' and '))} did not happen: see the timeline.` : null;
  const speech = [`The build passed its tests on attempt ${attempt}.`, ...shipped, missing].filter(Boolean).join(' ');
  return { kind: 'record', events: [{ type: 'MissionSucceeded', data: { status, reason: `build passed on attempt ${attempt}`, speech, url: state.url, prUrl: state.prUrl } }] };
}

function afterFailedBuild(state: MissionState): PipelineAction {
  const { attempt, build, blueprint } = state.pipeline;
  // A build cut off by a restart says nothing about the code: run the same attempt again.
  if (build!.abandoned) return start('build', attempt);
  if (build!.timedOut) {
    const reason = `The dead man's switch stopped attempt ${attempt}: the build ran past its time limit`;
    return { kind: 'record', events: [{ type: 'MissionFailed', data: { status: 'TIMEOUT', reason, stage: 'BUILDING', speech: 'Mission aborted. The build ran out of time.' } }] };
  }
  if (attempt >= MAX_ATTEMPTS) {
    const reason = `The build failed its tests on all ${MAX_ATTEMPTS} attempts`;
    return { kind: 'record', events: [{ type: 'MissionFailed', data: { status: 'FAILED', reason, stage: 'BUILDING', speech: `Failed after ${MAX_ATTEMPTS} attempts.` } }] };
  }
  const failure = {
    command: blueprint!.manifest.auditCommand,
    exitCode: build!.exitCode,
    timedOut: build!.timedOut,
    oomKilled: build!.oomKilled,
    output: build!.logExcerpt.slice(-FAILURE_OUTPUT_CHARS),
    manifestDigest: digestOf(blueprint!.files),
  };
  return start('heal', attempt + 1, [{ type: 'HealRequested', data: { attempt: attempt + 1, failure } }]);
}

export function digestOf(files: Array<{ path: string; sha256: string }>): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
