import type { MissionEvent, MissionEventMap, MissionEventType } from '../domain/mission-events';
import type { MissionStatus } from '../domain/mission-status';
import type { MissionState } from '../domain/mission.state';

const MAX_QUOTE = 120;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_QUOTE ? `${oneLine.slice(0, MAX_QUOTE - 1)}…` : oneLine;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function planText(plan: { features: string[]; stack: string | null; designTarget: string | null }): string {
  const design = plan.designTarget ? `, ${plan.designTarget} design` : '';
  return `${plural(plan.features.length, 'feature')}, ${plan.stack ?? 'no stack yet'}${design}`;
}

function consultantSentence(data: MissionEventMap['ConsultantReplied']): string {
  switch (data.status) {
    case 'NEEDS_INPUT':
      return `Consultant asked: ${clip(data.question ?? data.speech)}`;
    case 'NEEDS_CONFIRMATION':
      return `Consultant proposed: ${planText({ ...data, stack: data.proposedStack })}`;
    case 'READY_TO_BUILD':
      return `Consultant is ready to build: ${planText({ ...data, stack: data.proposedStack })}`;
  }
}

function buildOutcome(data: MissionEventMap['BuildAttemptFinished']): string {
  if (data.abandoned) return 'was abandoned by a restart';
  if (data.passed) return 'passed';
  if (data.timedOut) return 'timed out';
  if (data.oomKilled) return 'ran out of memory';
  if (data.diskLimitHit === true) return 'hit the disk limit';
  return `failed with exit code ${data.exitCode ?? 'none'}`;
}

const FAILURE_VERBS: Partial<Record<MissionStatus, string>> = { FAILED: 'failed', BLOCKED: 'was blocked', TIMEOUT: 'timed out' };

type Sentences = { [K in MissionEventType]: (data: MissionEventMap[K], before: MissionState) => string };

const SENTENCES: Sentences = {
  MissionOpened: (data) =>
    data.project
      ? `Version ${data.project.version} of project ${data.project.projectId} opened (${data.channel}) by ${data.owner}, on mission ${data.project.parentMissionId} at head ${data.project.parentHeadHash.slice(0, 12)}: ${clip(data.prompt)}`
      : `Mission opened (${data.mode}, ${data.channel}) by ${data.owner}: ${clip(data.prompt)}`,
  UserMessageReceived: (data) => `User said: ${clip(data.text)}`,
  DesignImageAttached: (data) => `Design image attached: ${data.fileName} (${Math.ceil(data.bytes / 1024)} KB)`,
  ConsultantReplied: consultantSentence,
  BuildConfirmed: (data) => `Build confirmed: ${planText(data)}`,
  PipelineStepStarted: (data) => `Started ${data.step}, attempt ${data.attempt}`,
  BlueprintDrafted: (data) =>
    `Blueprint drafted, attempt ${data.attempt}: ${data.files.length} files for ${data.manifest.projectName} (${data.provider}/${data.model})`,
  BlueprintRejected: (data) => `Blueprint rejected, attempt ${data.attempt} (${data.provider}/${data.model}): ${clip(data.reason)}`,
  PolicyVerdictRendered: (data) =>
    data.allowed
      ? `Policy check passed, attempt ${data.attempt}`
      : `Policy check blocked attempt ${data.attempt}: ${clip(data.violations.map((v) => `${v.rule}${v.file ? ` in ${v.file}${v.line ? `:${v.line}` : ''}` : ''}`).join(', '))}`,
  BuildAttemptStarted: (data) => `Build attempt ${data.attempt} started in ${data.tier ?? data.driver} (${data.image})`,
  BuildAttemptFinished: (data) => `Build attempt ${data.attempt} ${buildOutcome(data)} after ${Math.round(data.durationMs / 100) / 10} s`,
  HealRequested: (data) =>
    `Healing requested for attempt ${data.attempt}: ${data.failure.timedOut ? 'timed out' : `exit code ${data.failure.exitCode ?? 'none'}`}${data.failure.failingTests?.length ? `, failing ${clip(data.failure.failingTests.join(', '))}` : ''}`,
  PipelineStepUnavailable: (data) => `Step ${data.step} unavailable, attempt ${data.attempt}: ${clip(data.reason)}`,
  DeploymentRequested: (data) => `Deployment of attempt ${data.attempt} requested from ${data.provider} as ${data.slug}`,
  DeploymentSucceeded: (data) => `Deployed by ${data.provider} at ${data.url}${data.reused ? ' (found after a restart)' : ''}`,
  DeploymentFailed: (data) => `Deployment by ${data.provider} failed: ${clip(data.error)}`,
  PublishRequested: (data) => `Publishing attempt ${data.attempt} requested to ${data.provider} branch ${data.branch}`,
  BranchCreated: (data) =>
    `Branch ${data.branch} holds commit ${data.commitSha.slice(0, 12)} on ${data.baseBranch}${data.reused ? ' (found after a restart)' : ''}`,
  PullRequestOpened: (data) => `Pull request #${data.number} opened at ${data.url}${data.reused ? ' (found after a restart)' : ''}`,
  PublishFailed: (data) => `Publishing to ${data.provider} failed: ${clip(data.error)}`,
  MissionSucceeded: (data) => `Mission succeeded: ${data.status}${data.url ? ` at ${data.url}` : ''}${data.prUrl ? `, pull request ${data.prUrl}` : ''}`,
  MissionFailed: (data, before) =>
    `Mission ${FAILURE_VERBS[data.status] ?? `ended ${data.status}`} at ${before.exists ? before.status : 'its opening'}: ${clip(data.reason)}`,
  MissionArchived: (data) => `Mission archived by ${data.by}`,
  MissionRetried: (data) => `Retried from ${data.fromStatus} by ${data.by}`,
  VersionRestored: (data) => `Version ${data.version} made live again by ${data.by} (${data.provider}): ${data.url}`,
  MessageRefused: (data) => `Message refused (${data.category.replace(/_/g, ' ')}): ${clip(data.reason)}`,
};

/** A short human sentence for one event; `before` is the mission as it stood before the event. */
export function timelineSentence(event: MissionEvent, before: MissionState): string {
  const sentence = SENTENCES[event.type] as (data: MissionEvent['data'], before: MissionState) => string;
  return sentence(event.data, before);
}
