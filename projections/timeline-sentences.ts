import type { MissionEvent, MissionEventMap, MissionEventType } from '../src/missions/domain/mission-events';
import type { MissionStatus } from '../src/missions/domain/mission-status';
import type { MissionState } from '../src/missions/domain/mission.state';

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

const FAILURE_VERBS: Partial<Record<MissionStatus, string>> = { FAILED: 'failed', BLOCKED: 'was blocked', TIMEOUT: 'timed out' };

type Sentences = { [K in MissionEventType]: (data: MissionEventMap[K], before: MissionState) => string };

const SENTENCES: Sentences = {
  MissionOpened: (data) => `Mission opened (${data.mode}, ${data.channel}) by ${data.owner}: ${clip(data.prompt)}`,
  UserMessageReceived: (data) => `User said: ${clip(data.text)}`,
  DesignImageAttached: (data) => `Design image attached: ${data.fileName} (${Math.ceil(data.bytes / 1024)} KB)`,
  ConsultantReplied: consultantSentence,
  BuildConfirmed: (data) => `Build confirmed: ${planText(data)}`,
  PipelineStepStarted: (data) => `Started ${data.step}, attempt ${data.attempt}`,
  PipelineStepUnavailable: (data) => `Step ${data.step} unavailable, attempt ${data.attempt}: ${clip(data.reason)}`,
  MissionSucceeded: (data) => `Mission succeeded: ${data.status}${data.url ? ` at ${data.url}` : ''}${data.prUrl ? `, pull request ${data.prUrl}` : ''}`,
  MissionFailed: (data, before) => `Mission ${FAILURE_VERBS[data.status] ?? `ended ${data.status}`} at ${before.status}: ${clip(data.reason)}`,
  MissionArchived: (data) => `Mission archived by ${data.by}`,
  MissionRetried: (data) => `Retried from ${data.fromStatus} by ${data.by}`,
};

/** A short human sentence for one event; `before` is the mission as it stood before the event. */
export function timelineSentence(event: MissionEvent, before: MissionState): string {
  const sentence = SENTENCES[event.type] as (data: MissionEvent['data'], before: MissionState) => string;
  return sentence(event.data, before);
}
