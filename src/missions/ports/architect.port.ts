import type { FileEdit } from '../domain/file-edits';
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
  /**
   * A change to a shipped app: the version being changed (its files read back by their Black Box hashes)
   * and what the user asked, in their words. The plan is already the revised one. Absent on a first version.
   */
  change?: { base: Manifest; request: string } | null;
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
export type ArchitectOutcome = (
  | { kind: 'manifest'; manifest: Manifest }
  /** A change answered as edits to the base version's files (only with a `change` request). */
  | { kind: 'edits'; edits: FileEdit[] }
  | { kind: 'rejected'; reason: string }
) &
  ArchitectOrigin;

export interface Architect {
  readonly provider: string;
  readonly model: string;
  draft(request: DraftRequest): Promise<ArchitectOutcome>;
  heal(request: HealRequest): Promise<ArchitectOutcome>;
}
