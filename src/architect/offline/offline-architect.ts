import type { Architect, ArchitectOutcome, DraftRequest, HealRequest } from '../../missions/ports/architect.port';
import { offlineManifest } from './offline-manifest';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'templates-v1';

/**
 * The default architect: deterministic templates, no network, no model. Thirteen archetypes (see
 * archetypes/template-registry.ts), adapted to the plan's features and the theme; each app ships its own tests.
 */
export class OfflineArchitect implements Architect {
  readonly provider = OFFLINE_PROVIDER;
  readonly model = OFFLINE_MODEL;

  async draft(request: DraftRequest): Promise<ArchitectOutcome> {
    return this.answer(request);
  }

  /**
   * Templates cannot reason about a failure: healing gives the same manifest for the same plan. That is
   * honest rather than clever, and the pipeline's governor stops healing when the same failure repeats.
   */
  async heal(request: HealRequest): Promise<ArchitectOutcome> {
    return this.answer(request);
  }

  private answer(request: DraftRequest): ArchitectOutcome {
    return {
      kind: 'manifest',
      manifest: offlineManifest(request),
      provider: OFFLINE_PROVIDER,
      model: OFFLINE_MODEL,
      usage: { inputTokens: 0, outputTokens: 0 },
      calls: 0,
    };
  }
}
