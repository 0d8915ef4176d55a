import type { VerificationResult } from '../../kernel/black-box/chain-verifier';
import type { ClearOutcome } from '../application/commands/clear-missions.command';
import type { ConsultantReply } from '../domain/conversation';
import type { ConsultationViewEntity } from '../read/consultation-view.entity';
import type { MissionPage } from '../read/mission-read-model';
import type { MissionSummaryEntity } from '../read/mission-summary.entity';
import type { MissionTimelineEntity } from '../read/mission-timeline.entity';
import type { MissionEvents } from '../read/queries/get-mission-events.query';
import type { MissionPullRequest } from '../read/queries/get-pull-request.query';

/** Read-model rows in the API's shape: the Python Gantry's snake_case field names (its clients read them), plus what it lacked. */
function summaryOf(row: MissionSummaryEntity) {
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
    sandbox_tier: row.sandboxTier,
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

/** Presented once per row object: the status cache hands out the same row until its mission changes. */
const presented = new WeakMap<MissionSummaryEntity, Readonly<ReturnType<typeof summaryOf>>>();

export function presentSummary(row: MissionSummaryEntity): Readonly<ReturnType<typeof summaryOf>> {
  let shown = presented.get(row);
  if (!shown) {
    shown = Object.freeze(summaryOf(row));
    presented.set(row, shown);
  }
  return shown;
}

export function presentListItem(row: MissionSummaryEntity) {
  const prompt = row.prompt.length > 50 ? `${row.prompt.slice(0, 50)}...` : row.prompt;
  return { mission_id: row.missionId, status: row.status, prompt, url: row.url, pr_url: row.prUrl, created_at: row.createdAt.toISOString() };
}

export function presentLatest(row: MissionSummaryEntity | null) {
  return row ? presentSummary(row) : { status: 'idle', speech: 'No active missions. Gantry standing by.' };
}

export function presentPage({ total, items }: MissionPage, limit: number, offset: number) {
  return { count: items.length, total, limit, offset, missions: items.map(presentListItem), speech: `${total} missions on record.` };
}

export function presentSearch(query: string | undefined, rows: MissionSummaryEntity[]) {
  if (!query?.trim()) return { query: '', count: 0, results: [], speech: 'Tell me what to search for.' };
  const results = rows.map(presentListItem);
  return { query, count: results.length, results, speech: results.length ? `Found ${results.length} matching missions.` : 'No missions match that.' };
}

export function presentFailure(missionId: string, row: MissionSummaryEntity) {
  const { status, failure } = presentSummary(row);
  const speech = failure ? `It stopped at ${failure.stage?.toLowerCase() ?? 'an unknown stage'}: ${failure.reason}.` : 'No failure details on file.';
  return { mission_id: missionId, status, failure, speech };
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

/** The answer to a consultation turn: the consultation as it is now, with the line to speak. */
export function presentTurn(row: ConsultationViewEntity, buildStarted: boolean) {
  const consultation = presentConsultation(row);
  const speech = buildStarted ? `Copy. Building ${consultation.features.length} features now.` : consultation.speech;
  return { ...consultation, speech };
}

/** An answer to a question outside any mission: it never starts a build. */
export function presentChatReply(reply: ConsultantReply) {
  return {
    response: reply.speech,
    ready_to_build: false,
    suggested_stack: reply.plan?.stack ?? null,
    key_features: reply.plan?.features ?? [],
    design_target: reply.plan?.designTarget ?? null,
    provider: reply.provider,
    speech: reply.speech,
  };
}

export function presentClear(outcome: ClearOutcome) {
  const kept = outcome.kept > 0 ? ` ${outcome.kept} still building were kept.` : '';
  return {
    status: 'STATUS_RESPONSE',
    cleared: outcome.cleared,
    kept: outcome.kept,
    speech: `Cleared ${outcome.cleared} projects.${kept} You can start fresh.`,
  };
}

export function presentTimelineEntry(row: MissionTimelineEntity) {
  return {
    revision: row.revision,
    type: row.type,
    occurred_at: row.occurredAt.toISOString(),
    status_after: row.statusAfter,
    summary: row.summary,
    hash: row.hash,
  };
}

export function presentTimeline(missionId: string, rows: MissionTimelineEntity[]) {
  return { mission_id: missionId, count: rows.length, timeline: rows.map(presentTimelineEntry), speech: `${rows.length} events on record.` };
}

export function presentEvents(missionId: string, { stream, head, events }: MissionEvents) {
  return {
    mission_id: missionId,
    stream,
    head,
    events: events.map(({ revision, type, data, metadata, prevHash, hash, canonical }) => ({ revision, type, data, metadata, prevHash, hash, canonical })),
    speech: `${events.length} events, head hash ${head?.headHash.slice(0, 12) ?? 'missing'}.`,
  };
}

export function presentAudit(missionId: string, result: VerificationResult) {
  const speech = result.valid
    ? `The Black Box is intact: ${result.events} events verified.`
    : `The Black Box is broken at ${result.firstInvalidRevision === null ? 'the stream head' : `event ${result.firstInvalidRevision}`}: ${result.reason}.`;
  return { mission_id: missionId, ...result, speech };
}

export function presentPullRequest(missionId: string, { pullRequest, branch, description, diff }: MissionPullRequest) {
  return {
    mission_id: missionId,
    provider: pullRequest.provider,
    number: pullRequest.number,
    url: pullRequest.url,
    repository: branch.repository,
    branch: branch.branch,
    base_branch: branch.baseBranch,
    commit_sha: branch.commitSha,
    description,
    diff: 'text' in diff ? diff.text : null,
    diff_error: 'error' in diff ? diff.error : null,
    speech: `Pull request ${pullRequest.number} on branch ${branch.branch}, waiting for review.`,
  };
}
