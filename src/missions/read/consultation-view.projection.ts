import type { EntityManager } from 'typeorm';
import type { Mission } from '../domain/mission.state';
import { MISSION_EVENT_TYPES } from './mission-catalogue';
import { ConsultationViewEntity } from './consultation-view.entity';
import type { ProjectedEvent, Projection } from './projection';

export const CONSULTATION_VIEW = 'consultation_view';

/** The plan on the table: the one waiting for confirmation, else the one approved. */
function planOf(state: Mission): { designTarget: string | null; stack: string | null; features: string[] } {
  const plan = state.proposedPlan ?? state.approvedPlan;
  return { designTarget: plan?.designTarget ?? null, stack: plan?.stack ?? null, features: plan ? [...plan.features] : [] };
}

export function consultationRow(missionId: string, state: Mission): ConsultationViewEntity {
  const plan = planOf(state);
  return Object.assign(new ConsultationViewEntity(), {
    missionId,
    status: state.status,
    prompt: state.prompt,
    speech: state.speech,
    conversationHistory: state.conversation.map((turn) => ({ role: turn.role, content: turn.content })),
    pendingQuestion: state.pendingQuestion,
    designTarget: plan.designTarget,
    proposedStack: plan.stack,
    features: plan.features,
    lastRevision: state.revision,
  });
}

/** One row per consultation-mode mission (a direct build has no consultation), replaced whole after each event. */
export class ConsultationViewProjection implements Projection {
  readonly name = CONSULTATION_VIEW;
  readonly handles = new Set(MISSION_EVENT_TYPES); // every event can change the status it shows
  readonly tables = [CONSULTATION_VIEW];

  async apply(event: ProjectedEvent, tx: EntityManager): Promise<void> {
    const { state } = event.after;
    if (!state.exists || state.mode !== 'consultation') return;
    const stored = await tx.findOne(ConsultationViewEntity, {
      where: { missionId: event.missionId },
      select: { missionId: true, lastRevision: true },
    });
    if (stored && stored.lastRevision >= event.revision) return;
    await tx.upsert(ConsultationViewEntity, consultationRow(event.missionId, state), { conflictPaths: ['missionId'] });
  }
}
