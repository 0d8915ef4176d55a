import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../src/kernel/black-box/canonical-json';
import type { NewEvent } from '../../src/missions/ports/event-store.port';

export function newEvent(type: string, data: JsonObject = {}, actor = 'test'): NewEvent {
  const eventId = randomUUID();
  return {
    type,
    data,
    metadata: {
      eventId,
      occurredAt: new Date().toISOString(),
      actor,
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
}

export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** The events of one attempt that is drafted, passes the policy gate and is built (passing or not). */
export const BUILT_ATTEMPT = [
  'PipelineStepStarted',
  'BlueprintDrafted',
  'PipelineStepStarted',
  'PolicyVerdictRendered',
  'PipelineStepStarted',
  'BuildAttemptStarted',
  'BuildAttemptFinished',
];

/** A deploy step that went live. */
export const DEPLOYED = ['PipelineStepStarted', 'DeploymentRequested', 'DeploymentSucceeded'];

/** A publish step that opened a pull request. */
export const PUBLISHED = ['PipelineStepStarted', 'PublishRequested', 'BranchCreated', 'PullRequestOpened'];
