import type { ConsultantReply } from './conversation';
import type { BuildPlan, MissionChannel, ProjectLink } from './mission-events';
import type { DesignImage } from './mission.state';
import type { Refusal } from './screening';

/** Who opens a mission, with which prompt, and whether its build is to be deployed and published. */
export interface OpenMission {
  missionId: string;
  prompt: string;
  deploy: boolean;
  publish: boolean;
  channel: MissionChannel;
  owner: string;
}

/** Commands that open a mission: the stream must hold none yet. */
export type OpeningCommand =
  | { type: 'OpenConsultation'; opening: OpenMission }
  /** The consultant's reading of the prompt is recorded, and its plan (or the default one) approved at once. */
  | { type: 'StartDirectBuild'; opening: OpenMission; reading: ConsultantReply; plan: BuildPlan }
  /** A consultation about a change to a shipped app: a new version of its project. */
  | { type: 'OpenVersion'; opening: OpenMission; link: ProjectLink };

/** Commands to a mission that exists. */
export type MissionChange =
  | { type: 'ReceiveMessage'; text: string }
  | { type: 'RecordConsultantReply'; reply: ConsultantReply }
  /** The user approves the proposed plan; their earlier words become the build prompt. */
  | { type: 'ConfirmBuild' }
  | { type: 'AttachDesignImage'; image: DesignImage }
  /** Unset `deploy` and `publish` keep what the mission had. */
  | { type: 'RetryMission'; by: string; deploy?: boolean; publish?: boolean }
  | { type: 'RefuseMessage'; refusal: Refusal; text: string }
  | { type: 'ArchiveMission'; by: string }
  /** A rollback made this version's files live again (the deployer answered with `restored`). */
  | { type: 'RestoreVersion'; by: string; restored: { provider: string; url: string; deploymentId: string; manifestDigest: string } };

/** Everything that can be asked of a mission; `decide` answers each with the events to record, or a domain error. */
export type MissionCommand = OpeningCommand | MissionChange;
