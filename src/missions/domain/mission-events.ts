import type { JsonObject } from '../../black-box/canonical-json';
import type { MissionStatus } from './mission-status';

/**
 * The Mission stream's event catalogue (DESIGN.md section 2). Type names are stored forever: add, never rename.
 * Data holds no floats (the Black Box rule): confidence is a whole percentage, durations whole milliseconds.
 */
export type MissionMode = 'consultation' | 'direct';
export type MissionChannel = 'web' | 'voice' | 'api';
export type ConsultantStatus = 'NEEDS_INPUT' | 'NEEDS_CONFIRMATION' | 'READY_TO_BUILD';
export type PipelineStep = 'draft' | 'policy' | 'build' | 'heal' | 'deploy' | 'publish';

export interface TokenUsage extends JsonObject {
  inputTokens: number;
  outputTokens: number;
}

/** What the consultant proposed and the user approves: carried whole into the build. */
export interface BuildPlan extends JsonObject {
  features: string[];
  stack: string;
  designTarget: string | null;
}

export interface MissionEventMap {
  MissionOpened: { missionId: string; mode: MissionMode; prompt: string; deploy: boolean; publish: boolean; channel: MissionChannel; owner: string };
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
  PipelineStepUnavailable: { step: PipelineStep; attempt: number; reason: string };
  MissionSucceeded: { status: MissionStatus; reason: string; speech: string; url: string | null; prUrl: string | null };
  MissionFailed: { status: MissionStatus; reason: string; speech: string; stage: string | null };
  MissionArchived: { by: string };
  MissionRetried: { fromStatus: MissionStatus; by: string; deploy: boolean; publish: boolean };
}

export type MissionEventType = keyof MissionEventMap;

export type MissionEvent = {
  [K in MissionEventType]: { type: K; data: MissionEventMap[K] & JsonObject };
}[MissionEventType];

export function missionStream(missionId: string): string {
  return `mission-${missionId}`;
}

export function missionIdOf(stream: string): string | null {
  return stream.startsWith('mission-') ? stream.slice('mission-'.length) : null;
}
