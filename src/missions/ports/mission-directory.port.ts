import type { MissionStatus } from '../domain/mission-status';

export const MISSION_DIRECTORY = Symbol('MISSION_DIRECTORY');

/** A project as the command side sees it: its owner, its versions, and the one that is live. */
export interface ProjectEntry {
  projectId: string;
  owner: string;
  /** The version that went live last (a rollback makes an older one live again); null when none ever did. */
  liveMissionId: string | null;
  versions: Array<{ missionId: string; version: number; status: MissionStatus; archived: boolean }>;
}

/**
 * What the core asks of the read side about whose missions are whose. Answered from the read models,
 * so a change recorded a moment ago may not show yet.
 */
export interface MissionDirectory {
  /** The owner's newest consultation that still waits for them (a change to a project is not one), or null. */
  openConsultationOf(owner: string): Promise<string | null>;
  /** The owner's missions that are not archived, oldest first. */
  missionsOf(owner: string): Promise<string[]>;
  /** Who owns the mission; null when the read models do not know it. */
  ownerOf(missionId: string): Promise<string | null>;
  /** The project and its versions; null when the read models know no such project. */
  projectOf(projectId: string): Promise<ProjectEntry | null>;
}
