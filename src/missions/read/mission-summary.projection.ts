import type { DataSource, EntityManager } from 'typeorm';
import type { Mission } from '../domain/mission.state';
import { MISSION_EVENT_TYPES } from './mission-catalogue';
import { isOpened, type OpenedSnapshot } from './mission-fold';
import type { ProjectedEvent, Projection } from './projection';
import { MissionSummaryEntity } from './mission-summary.entity';

export const MISSION_SUMMARY = 'mission_summary';

function designTargetOf(state: Mission): string | null {
  return state.approvedPlan?.designTarget ?? state.proposedPlan?.designTarget ?? null;
}

/** The whole row, from the snapshot after the event: no field is patched incrementally. */
export function summaryRow(missionId: string, snapshot: OpenedSnapshot): MissionSummaryEntity {
  const { state } = snapshot;
  return Object.assign(new MissionSummaryEntity(), {
    missionId,
    owner: state.owner,
    mode: state.mode,
    channel: state.channel,
    prompt: state.prompt,
    status: state.status,
    speech: state.speech,
    url: state.url,
    prUrl: state.prUrl,
    attempts: snapshot.buildAttempts,
    run: state.run,
    sandboxTier: snapshot.sandboxTier,
    designTarget: designTargetOf(state),
    failureReason: state.failure?.reason ?? null,
    failureStage: state.failure?.stage ?? null,
    archived: state.archived,
    inputTokens: state.usage.inputTokens,
    outputTokens: state.usage.outputTokens,
    modelCalls: state.usage.modelCalls,
    createdAt: new Date(snapshot.openedAt ?? snapshot.updatedAt ?? 0),
    updatedAt: new Date(snapshot.updatedAt ?? 0),
    lastRevision: state.revision,
  });
}

/** Revision of the stored row, or null when there is none. */
export async function summaryRevision(manager: EntityManager, missionId: string): Promise<number | null> {
  const row = await manager.findOne(MissionSummaryEntity, { where: { missionId }, select: { missionId: true, lastRevision: true } });
  return row?.lastRevision ?? null;
}

/** The revision mission_summary has applied for this mission (null: none yet). */
export function appliedSummaryRevision(dataSource: DataSource, missionId: string): Promise<number | null> {
  return summaryRevision(dataSource.manager, missionId);
}

/** One row per opened mission, replaced whole after each of its events. */
export class MissionSummaryProjection implements Projection {
  readonly name = MISSION_SUMMARY;
  readonly handles = new Set(MISSION_EVENT_TYPES);
  readonly tables = [MISSION_SUMMARY];

  async apply(event: ProjectedEvent, tx: EntityManager): Promise<void> {
    if (!isOpened(event.after)) return; // events before MissionOpened: nothing to show
    const stored = await summaryRevision(tx, event.missionId);
    if (stored !== null && stored >= event.revision) return; // already reflects this revision
    await tx.upsert(MissionSummaryEntity, summaryRow(event.missionId, event.after), { conflictPaths: ['missionId'] });
  }
}
