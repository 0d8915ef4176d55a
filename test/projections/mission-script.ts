import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../../src/missions/ports/event-store.port';
import type { ConsultantStatus, MissionEvent, MissionEventMap, PipelineStep } from '../../src/missions/domain/mission-events';
import { missionStream } from '../../src/missions/domain/mission-events';

export function missionEvent<K extends keyof MissionEventMap>(type: K, data: MissionEventMap[K]): MissionEvent {
  return { type, data } as MissionEvent;
}

/** Events of one mission, appended in order with a deterministic clock (one second apart). */
export class MissionScript {
  readonly id = randomUUID();
  readonly stream = missionStream(this.id);
  readonly occurredAt: string[] = [];
  readonly hashes: string[] = [];
  private clock: number;

  constructor(
    private readonly store: EventStore,
    start = '2025-03-01T09:00:00.000Z',
  ) {
    this.clock = Date.parse(start);
  }

  get revision(): number {
    return this.occurredAt.length - 1;
  }

  /** Appends events (typed by the catalogue, or any raw type) and returns the last revision. */
  async append(...events: Array<MissionEvent | { type: string; data: NewEvent['data'] }>): Promise<number> {
    const recorded = events.map((event) => this.toNew(event));
    const result = await this.store.append(this.stream, recorded, this.revision < 0 ? 'no_stream' : this.revision);
    const stored = await this.store.readStream(this.stream, { fromRevision: this.revision + 1 });
    stored.forEach((event) => this.hashes.push(event.hash));
    recorded.forEach((event) => this.occurredAt.push(event.metadata.occurredAt));
    return result.nextRevision;
  }

  private toNew(event: { type: string; data: NewEvent['data'] }): NewEvent {
    const eventId = randomUUID();
    const occurredAt = new Date(this.clock).toISOString();
    this.clock += 1000;
    return {
      type: event.type,
      data: event.data,
      metadata: { eventId, occurredAt, actor: 'test', correlationId: this.id, causationId: eventId, schemaVersion: 1 },
    };
  }

  opened(prompt: string, owner = 'alice', mode: 'consultation' | 'direct' = 'consultation'): MissionEvent {
    return missionEvent('MissionOpened', { missionId: this.id, mode, prompt, deploy: true, publish: true, channel: 'web', owner });
  }
}

export function consultantReplied(
  status: Exclude<ConsultantStatus, 'READY_TO_BUILD'>,
  speech: string,
  plan: { question?: string | null; features?: string[]; stack?: string | null; designTarget?: string | null } = {},
): MissionEvent {
  return missionEvent('ConsultantReplied', {
    status,
    speech,
    question: plan.question ?? null,
    features: plan.features ?? [],
    proposedStack: plan.stack ?? null,
    designTarget: plan.designTarget ?? null,
    confidencePercent: 80,
    provider: 'offline',
    model: 'offline-consultant',
    usage: { inputTokens: 120, outputTokens: 60 },
  });
}

export function buildConfirmed(buildPrompt: string, features: string[], stack: string, designTarget: string | null = null): MissionEvent {
  return missionEvent('BuildConfirmed', { buildPrompt, features, stack, designTarget });
}

export function stepStarted(step: PipelineStep, attempt = 1): MissionEvent {
  return missionEvent('PipelineStepStarted', { step, attempt });
}

export function stepUnavailable(step: PipelineStep, reason: string, attempt = 1): MissionEvent {
  return missionEvent('PipelineStepUnavailable', { step, attempt, reason });
}

export function failed(reason: string, stage: string | null, status: 'FAILED' | 'BLOCKED' | 'TIMEOUT' = 'FAILED'): MissionEvent {
  return missionEvent('MissionFailed', { status, reason, speech: `Mission aborted. ${reason}`, stage });
}

export function succeeded(url: string, prUrl: string | null): MissionEvent {
  return missionEvent('MissionSucceeded', {
    status: prUrl ? 'PR_OPENED' : 'DEPLOYED',
    reason: 'built and deployed',
    speech: `Deployed at ${url}.`,
    url,
    prUrl,
  });
}

export function archived(by = 'alice'): MissionEvent {
  return missionEvent('MissionArchived', { by });
}

export function retried(fromStatus: 'FAILED' | 'BLOCKED' | 'TIMEOUT', by = 'alice'): MissionEvent {
  return missionEvent('MissionRetried', { fromStatus, by, deploy: true, publish: false });
}

/** Every row of the three read models, ordered by key: what a rebuild must reproduce exactly. */
export async function snapshotReadModels(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<Record<string, unknown[]>> {
  const tables = { mission_summary: 'mission_id', consultation_view: 'mission_id', mission_timeline: 'mission_id, revision' };
  const snapshot: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) snapshot[table] = (await query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
  return snapshot;
}
