import type { Manifest } from '../domain/manifest';
import type { FailurePacket, TokenUsage } from '../domain/mission-events';
import type { ApprovedPlan } from '../domain/mission.state';

/** The architect: turns an approved plan into a manifest, and heals a manifest whose build failed. */
export const ARCHITECT = Symbol('ARCHITECT');

export interface DraftRequest {
  missionId: string;
  attempt: number;
  plan: ApprovedPlan;
  /** A design image the user attached: it is put into the build as `public/design-reference.<ext>`. */
  designImage: { fileName: string; mime: string } | null;
  /** Aborted when the mission's budget runs out. */
  signal?: AbortSignal;
}

export interface HealRequest extends DraftRequest {
  /** The failed attempt's manifest; null when that attempt's answer was rejected before it became one. */
  previous: Manifest | null;
  failure: FailurePacket;
}

export interface ArchitectOrigin {
  provider: string;
  model: string;
  usage: TokenUsage;
  /** Model calls made for this answer (0 offline). */
  calls: number;
}

/**
 * What an architect answers. `rejected`: the model's output could not be made into a valid manifest
 * (no JSON, truncated, a bad path, too many or too large files): recorded as the attempt's failure.
 */
export type ArchitectOutcome = ({ kind: 'manifest'; manifest: Manifest } | { kind: 'rejected'; reason: string }) & ArchitectOrigin;

export interface Architect {
  readonly provider: string;
  readonly model: string;
  draft(request: DraftRequest): Promise<ArchitectOutcome>;
  heal(request: HealRequest): Promise<ArchitectOutcome>;
}
