import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MissionReadModel } from '../read/mission-read-model';
import { ProjectionRunner, ProjectionTimeoutError } from '../read/projection-runner';
import type { ClearOutcome } from '../application/commands/clear-missions.command';
import { mayRead, type AuthenticatedCaller } from '../../auth/door/caller';
import { MissionNotFoundError } from '../domain/mission.errors';
import { presentConsultation, presentListItem, presentSummary, presentTimelineEntry } from './mission.presenter';

/** The admin lists every user's missions; anyone else only their own. */
function ownerFilter(viewer: AuthenticatedCaller): string | undefined {
  return viewer.admin ? undefined : viewer.name;
}

/** How long a write waits for its own change to reach the read models before it answers anyway. */
const SETTLE_TIMEOUT_MS = 5000;

/**
 * The query side behind the HTTP endpoints: read models only, shaped for the API. Every read is scoped
 * to the caller: a mission of someone else is answered as not found (the admin reads and lists them all).
 */
@Injectable()
export class MissionViews {
  constructor(
    @Inject(MissionReadModel) private readonly readModel: MissionReadModel,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  /**
   * Read-your-writes: waits until the read models show the caller's own change. False when they are
   * still behind after the timeout: the change is recorded all the same, so callers answer anyway.
   */
  async settle(missionId: string, revision: number): Promise<boolean> {
    try {
      await this.projections.waitForRevision(missionId, revision, SETTLE_TIMEOUT_MS);
      return true;
    } catch (error) {
      if (error instanceof ProjectionTimeoutError) return false;
      throw error;
    }
  }

  /** Answers a clear once the read models hide what it archived. */
  async clearAnswer(outcome: ClearOutcome) {
    await Promise.all(outcome.archived.map(({ missionId, revision }) => this.settle(missionId, revision)));
    const kept = outcome.kept > 0 ? ` ${outcome.kept} still building were kept.` : '';
    return { status: 'STATUS_RESPONSE', cleared: outcome.cleared, kept: outcome.kept, speech: `Cleared ${outcome.cleared} projects.${kept} You can start fresh.` };
  }

  async status(missionId: string, viewer: AuthenticatedCaller) {
    const row = await this.readModel.summary(missionId);
    if (!row || !mayRead(viewer, row.owner)) throw new MissionNotFoundError(missionId);
    return presentSummary(row);
  }

  async turnAnswer(missionId: string, revision: number, buildStarted: boolean) {
    if (!(await this.settle(missionId, revision))) {
      throw new ServiceUnavailableException(`Your message to mission ${missionId} was recorded, but the read models are behind; read it again with GET /gantry/consultation/${missionId}`);
    }
    const consultation = await this.ownConsultation(missionId);
    const speech = buildStarted ? `Copy. Building ${consultation.features.length} features now.` : consultation.speech;
    return { ...consultation, speech };
  }

  async consultation(missionId: string, viewer: AuthenticatedCaller) {
    await this.status(missionId, viewer);
    return this.ownConsultation(missionId);
  }

  /** For the caller's own write, which the command side has already checked. */
  private async ownConsultation(missionId: string) {
    const row = await this.readModel.consultation(missionId);
    if (!row) throw new MissionNotFoundError(missionId);
    return presentConsultation(row);
  }

  /** The caller's own newest mission (the admin's too: "latest" means mine). */
  async latest(viewer: AuthenticatedCaller) {
    const row = await this.readModel.latest(viewer.name);
    if (!row) return { status: 'idle', speech: 'No active missions. Gantry standing by.' };
    return presentSummary(row);
  }

  async list(limit: number, offset: number, viewer: AuthenticatedCaller) {
    const { total, items: missions } = await this.readModel.list({ limit, offset, owner: ownerFilter(viewer) });
    return { count: missions.length, total, limit, offset, missions: missions.map(presentListItem), speech: `${total} missions on record.` };
  }

  async search(query: string | undefined, limit: number, viewer: AuthenticatedCaller) {
    if (!query?.trim()) return { query: '', count: 0, results: [], speech: 'Tell me what to search for.' };
    const rows = await this.readModel.search(query, { limit, owner: ownerFilter(viewer) });
    const results = rows.map(presentListItem);
    return { query, count: results.length, results, speech: results.length ? `Found ${results.length} matching missions.` : 'No missions match that.' };
  }

  async failure(missionId: string, viewer: AuthenticatedCaller) {
    const summary = await this.status(missionId, viewer);
    const speech = summary.failure ? `It stopped at ${summary.failure.stage?.toLowerCase() ?? 'an unknown stage'}: ${summary.failure.reason}.` : 'No failure details on file.';
    return { mission_id: missionId, status: summary.status, failure: summary.failure, speech };
  }

  /** Unscoped: callers check `status(missionId, viewer)` first. */
  async timeline(missionId: string) {
    return (await this.readModel.timeline(missionId)).map(presentTimelineEntry);
  }
}
