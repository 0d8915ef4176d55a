import type { JsonObject } from '../../kernel/black-box/canonical-json';
import type { ModelUsage, TokenUsage } from '../../kernel/model-usage';
import { isUuid } from '../../kernel/uuid';
import type { MissionStatus } from './mission-status';

/**
 * The Mission stream's event catalogue. Type names are stored forever: add, never rename.
 * Data holds no floats (the Black Box rule): confidence is a whole percentage, durations whole milliseconds.
 */
export type MissionMode = 'consultation' | 'direct';
export type MissionChannel = 'web' | 'voice' | 'api';
export type ConsultantStatus = 'NEEDS_INPUT' | 'NEEDS_CONFIRMATION' | 'READY_TO_BUILD';
export type PipelineStep = 'draft' | 'policy' | 'build' | 'heal' | 'deploy' | 'publish';

export type { ModelUsage, TokenUsage };

/** What the consultant proposed and the user approves: carried whole into the build. */
export interface BuildPlan extends JsonObject {
  features: string[];
  stack: string;
  designTarget: string | null;
}

export interface FileDigest extends JsonObject {
  path: string;
  bytes: number;
  sha256: string;
}

export interface SandboxLimitsData extends JsonObject {
  memoryBytes: number;
  milliCpus: number;
  pids: number;
}

export interface PolicyViolationData extends JsonObject {
  rule: string;
  file: string | null;
  line: number | null;
  detail: string;
}

/** What the architect is told about a failed attempt when it is asked to heal. */
export interface FailurePacket extends JsonObject {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  /** Names of the tests that failed, as the test runner reported them. */
  failingTests: string[];
  /** The end of the build log, where test runners report. */
  output: string;
  /** SHA-256 over the failed attempt's file digests. */
  manifestDigest: string;
}

/** The packet of an attempt that filled the sandbox's disk limit: it ends the mission unhealed. */
export interface DiskLimitPacket extends FailurePacket {
  diskLimitHit: true;
}

/** Where a version's parent published its files: the new version's commit stacks on this one. */
export interface PublishedCommit extends JsonObject {
  /** The repository's name, as PublishRequested recorded it. */
  repository: string;
  branch: string;
  commitSha: string;
}

/** What a version is built on: its parent's plan, and its parent's files by their Black Box hashes. */
export interface VersionBase extends JsonObject {
  missionId: string;
  attempt: number;
  manifest: { projectName: string; stack: string; auditCommand: string; runCommand: string };
  files: FileDigest[];
  plan: { buildPrompt: string; features: string[]; stack: string; designTarget: string | null };
  publication: PublishedCommit | null;
}

/**
 * A mission that changes a shipped app: the project (its first mission's id), the version it makes, and
 * the parent mission's Black Box head when the change was asked for, which ties the versions' chains together.
 */
export interface ProjectLink extends JsonObject {
  projectId: string;
  version: number;
  parentMissionId: string;
  /** The version the change was made on: the live one, which after a rollback is not always the newest. */
  parentVersion: number;
  parentRevision: number;
  parentHeadHash: string;
  /** The app's name where it is served: every version goes live under the project's one slug, at the same URL. */
  slug: string | null;
  base: VersionBase;
}

export interface MissionEventMap {
  /** `project` is set on a mission that makes a new version of a shipped app (absent on every first version). */
  MissionOpened: {
    missionId: string;
    mode: MissionMode;
    prompt: string;
    deploy: boolean;
    publish: boolean;
    channel: MissionChannel;
    owner: string;
    project?: ProjectLink;
  };
  UserMessageReceived: { text: string };
  DesignImageAttached: { fileName: string; mime: string; bytes: number; sha256: string; evidencePath: string };
  ConsultantReplied: {
    status: ConsultantStatus;
    speech: string;
    question: string | null;
    features: string[];
    proposedStack: string | null;
    designTarget: string | null;
    confidencePercent: number;
    provider: string;
    model: string;
    usage: TokenUsage;
  };
  BuildConfirmed: { buildPrompt: string; features: string[]; stack: string; designTarget: string | null };
  PipelineStepStarted: { step: PipelineStep; attempt: number };
  /** Files' contents live in the evidence pack (`attempts/<n>/files/`), covered by these hashes. */
  BlueprintDrafted: {
    attempt: number;
    provider: string;
    model: string;
    usage: TokenUsage;
    /** Model calls made for this draft, retries included (0 offline). */
    calls: number;
    manifest: { projectName: string; stack: string; auditCommand: string; runCommand: string };
    files: FileDigest[];
  };
  /** The architect's answer could not be used (no JSON, a bad path, tests removed by healing, the model unreachable): the attempt failed. */
  BlueprintRejected: { attempt: number; provider: string; model: string; usage: TokenUsage; calls: number; reason: string };
  PolicyVerdictRendered: { attempt: number; allowed: boolean; violations: PolicyViolationData[] };
  BuildAttemptStarted: {
    attempt: number;
    driver: string;
    /** The isolation tier (absent in events recorded before tiers existed). */
    tier?: string;
    image: string;
    limits: SandboxLimitsData;
    timeoutMs: number;
  };
  BuildAttemptFinished: {
    attempt: number;
    passed: boolean;
    exitCode: number | null;
    timedOut: boolean;
    oomKilled: boolean;
    /** The run was cut off by a restart: its sandbox was found and killed. */
    abandoned: boolean;
    /** The run filled the sandbox's disk limit (absent in events recorded before disk limits). */
    diskLimitHit?: boolean;
    durationMs: number;
    logSha256: string;
    logExcerpt: string;
  };
  HealRequested: { attempt: number; failure: FailurePacket };
  PipelineStepUnavailable: { step: PipelineStep; attempt: number; reason: string };
  /** Recorded with the deploy step's start, before anything is sent: a resumed step finds what this asked for. */
  DeploymentRequested: { attempt: number; provider: string; slug: string; key: string; manifestDigest: string };
  /** `reused`: a resumed step found the deployment made before a restart instead of making a second one. */
  DeploymentSucceeded: {
    attempt: number;
    provider: string;
    url: string;
    deploymentId: string;
    reused: boolean;
    /** The SHA-256 of `deployment.json` as written with this event (absent in events recorded before bundles carried it). */
    recordSha256?: string;
  };
  /** `recordSha256`: as in DeploymentSucceeded (the failure's `deployment.json`). */
  DeploymentFailed: { attempt: number; provider: string; error: string; recordSha256?: string };
  /** Recorded with the publish step's start: where the passing files will go, named by their digest. */
  PublishRequested: { attempt: number; provider: string; repository: string; branch: string; manifestDigest: string };
  BranchCreated: { attempt: number; provider: string; repository: string; branch: string; baseBranch: string; commitSha: string; reused: boolean };
  PullRequestOpened: {
    attempt: number;
    provider: string;
    url: string;
    branch: string;
    number: number;
    commitSha: string;
    descriptionSha256: string;
    reused: boolean;
    /** The SHA-256 of `pull-request.json` as written with this event (absent in events recorded before bundles carried it). */
    recordSha256?: string;
  };
  /** `recordSha256`: as in PullRequestOpened (the failure's `pull-request.json`). */
  PublishFailed: { attempt: number; provider: string; error: string; recordSha256?: string };
  MissionSucceeded: { status: MissionStatus; reason: string; speech: string; url: string | null; prUrl: string | null };
  /** `failure`: the packet of the attempt that ended the mission when it was not healed (the disk limit). */
  MissionFailed: { status: MissionStatus; reason: string; speech: string; stage: string | null; failure?: FailurePacket };
  MissionArchived: { by: string };
  /** A rollback: this version's passing files were made live again, in place of the project's newer version. */
  VersionRestored: { projectId: string; version: number; by: string; provider: string; url: string; deploymentId: string; manifestDigest: string };
  MissionRetried: { fromStatus: MissionStatus; by: string; deploy: boolean; publish: boolean };
  /**
   * The content guardrails refused a message to this mission. The text itself is not kept (abuse and
   * malware specifications do not belong in a log that is never deleted); its digest binds the event to it.
   */
  MessageRefused: { category: string; reason: string; suggestion: string; textSha256: string; textLength: number };
}

export type MissionEventType = keyof MissionEventMap;

export type MissionEvent = {
  [K in MissionEventType]: { type: K; data: MissionEventMap[K] & JsonObject };
}[MissionEventType];

export function missionStream(missionId: string): string {
  return `mission-${missionId}`;
}

/** The mission id of a `mission-<uuid>` stream; null for any other stream. */
export function missionIdOf(stream: string): string | null {
  const id = stream.startsWith('mission-') ? stream.slice('mission-'.length) : null;
  return id !== null && isUuid(id) ? id : null;
}
