import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxChoice } from '../../src/config/gantry-config';
import type { Manifest } from '../../src/missions/domain/manifest';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import type { EventsBody, MissionRefBody } from './bodies';
import { eventTypes, waitForStatus } from './http-helpers';
import { scriptedArchitect } from './scripted-architect';
import { createTestApp } from './test-app';

export type RecordedEvents = Array<{ type: string; data: Record<string, unknown> }>;

/** One direct build whose architect hands out `manifestFor(attempt)`, run in the real sandbox to its final status. */
export async function runScriptedMission(
  manifestFor: (attempt: number) => Manifest,
  config: { buildTimeoutMs?: number; sandbox?: SandboxChoice; bwrapPath?: string } = {},
) {
  const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-foundry-'));
  const app = await createTestApp({
    config: { missionsDir, ...config },
    overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, manifestFor) }],
  });
  try {
    const response = await app.http.post('/gantry/architect').send({ voice_memo: 'A scripted app' }).expect(202);
    const id = (response.body as MissionRefBody).mission_id;
    const final = await waitForStatus(app.http, id, ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'], 1200);
    const events: RecordedEvents = ((await app.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
    const audit = (await app.http.get(`/gantry/missions/${id}/audit`).expect(200)).body as { valid: boolean };
    return { id, final, events, types: await eventTypes(app.http, id), audit, missionsDir };
  } finally {
    await app.close();
    await app.db.drop();
  }
}

export const finishedBuilds = (events: RecordedEvents) => events.filter((event) => event.type === 'BuildAttemptFinished').map((event) => event.data);
