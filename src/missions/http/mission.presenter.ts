import type { ConsultationViewEntity } from '../read/consultation-view.entity';
import type { MissionSummaryEntity } from '../read/mission-summary.entity';
import type { MissionTimelineEntity } from '../read/mission-timeline.entity';

/** Read-model rows in the API's shape: the original Gantry's snake_case field names, plus what it lacked. */
export function presentSummary(row: MissionSummaryEntity) {
  return {
    mission_id: row.missionId,
    status: row.status,
    mode: row.mode,
    channel: row.channel,
    prompt: row.prompt,
    url: row.url,
    pr_url: row.prUrl,
    attempts: row.attempts,
    run: row.run,
    design_target: row.designTarget,
    failure: row.failureReason ? { reason: row.failureReason, stage: row.failureStage } : null,
    archived: row.archived,
    usage: { input_tokens: row.inputTokens, output_tokens: row.outputTokens, model_calls: row.modelCalls },
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    revision: row.lastRevision,
    speech: row.speech || `Status: ${row.status}.`,
  };
}

export function presentListItem(row: MissionSummaryEntity) {
  const prompt = row.prompt.length > 50 ? `${row.prompt.slice(0, 50)}...` : row.prompt;
  return { mission_id: row.missionId, status: row.status, prompt, url: row.url, pr_url: row.prUrl, created_at: row.createdAt.toISOString() };
}

export function presentConsultation(row: ConsultationViewEntity) {
  return {
    mission_id: row.missionId,
    status: row.status,
    prompt: row.prompt,
    conversation_history: row.conversationHistory,
    pending_question: row.pendingQuestion,
    design_target: row.designTarget,
    proposed_stack: row.proposedStack,
    features: row.features,
    speech: row.speech,
  };
}

export function presentTimelineEntry(row: MissionTimelineEntity) {
  return { revision: row.revision, type: row.type, occurred_at: row.occurredAt.toISOString(), status_after: row.statusAfter, summary: row.summary, hash: row.hash };
}
