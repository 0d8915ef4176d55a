export const MISSION_DIRECTORY = Symbol('MISSION_DIRECTORY');

/**
 * What the core asks of the read side about whose missions are whose. Answered from the read models,
 * so a change recorded a moment ago may not show yet.
 */
export interface MissionDirectory {
  /** The owner's newest consultation that still waits for them, or null. */
  openConsultationOf(owner: string): Promise<string | null>;
  /** The owner's missions that are not archived, oldest first. */
  missionsOf(owner: string): Promise<string[]>;
  /** Who owns the mission; null when the read models do not know it. */
  ownerOf(missionId: string): Promise<string | null>;
}
