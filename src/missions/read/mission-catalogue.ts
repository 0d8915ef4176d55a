import type { RecordedEvent } from '../ports/event-store.port';
import type { MissionEvent, MissionEventType } from '../domain/mission-events';

/**
 * The catalogue's type names at run time. A Record keyed by the union makes the compiler insist that a
 * type added to `MissionEventMap` is added here too (a missing or extra key does not compile).
 */
const KNOWN_TYPES: Record<MissionEventType, true> = {
  MissionOpened: true,
  UserMessageReceived: true,
  DesignImageAttached: true,
  ConsultantReplied: true,
  BuildConfirmed: true,
  PipelineStepStarted: true,
  BlueprintDrafted: true,
  BlueprintRejected: true,
  PolicyVerdictRendered: true,
  BuildAttemptStarted: true,
  BuildAttemptFinished: true,
  HealRequested: true,
  PipelineStepUnavailable: true,
  DeploymentRequested: true,
  DeploymentSucceeded: true,
  DeploymentFailed: true,
  PublishRequested: true,
  BranchCreated: true,
  PullRequestOpened: true,
  PublishFailed: true,
  MissionSucceeded: true,
  MissionFailed: true,
  MissionArchived: true,
  MissionRetried: true,
  MessageRefused: true,
  VersionRestored: true,
};

export const MISSION_EVENT_TYPES: readonly MissionEventType[] = Object.keys(KNOWN_TYPES) as MissionEventType[];

export function isMissionEventType(type: string): type is MissionEventType {
  return Object.prototype.hasOwnProperty.call(KNOWN_TYPES, type);
}

/** The recorded event as the domain types it, or null when the catalogue does not know its type (a newer writer's). */
export function toMissionEvent(recorded: RecordedEvent): MissionEvent | null {
  if (!isMissionEventType(recorded.type)) return null;
  return { type: recorded.type, data: recorded.data } as MissionEvent;
}
