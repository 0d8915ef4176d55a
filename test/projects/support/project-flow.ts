import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventsBody } from '../../support/bodies';
import { required } from '../../support/expectations';
import { runGantry } from '../../support/gantry-process';
import { TERMINAL_STATUSES } from '../../../src/missions/domain/mission-status';
import { waitForStatus } from '../../support/http-helpers';
import type { Http, TestApp } from '../../support/test-app';

/** GET /gantry/projects/:id */
export interface ProjectBody {
  project_id: string;
  name: string | null;
  live_version: number | null;
  url: string | null;
  versions: Array<{
    version: number;
    mission_id: string;
    status: string;
    live: boolean;
    url: string | null;
    pr_url: string | null;
    request: string;
    parent_head_hash: string | null;
  }>;
  speech: string;
}

/** GET /gantry/missions/:id/diff */
export interface DiffBody {
  version: number;
  base: { mission_id: string; version: number } | null;
  files: Array<{ path: string; change: string; sha256: string }>;
  diff: string;
  speech: string;
}

/** GET /gantry/missions/:id/pr */
export interface PullRequestDiffBody {
  branch: string;
  base_branch: string;
  description: string;
  diff: string | null;
}

export type EventRecord = EventsBody['events'][number];

export async function eventsOf(http: Http, missionId: string): Promise<EventsBody> {
  return (await http.get(`/gantry/missions/${missionId}/events`).expect(200)).body as EventsBody;
}

export function eventOf(events: EventsBody, type: string): EventRecord {
  return required(
    events.events.find((event) => event.type === type),
    `a ${type} event`,
  );
}

/** The mission's passing files as the evidence store holds them, each checked against the hash its BlueprintDrafted recorded. */
export function evidenceFiles(missionsDir: string, missionId: string, events: EventsBody): Record<string, string> {
  const drafted = [...events.events].reverse().find((event) => event.type === 'BlueprintDrafted');
  const data = required(drafted, 'a BlueprintDrafted event').data as { attempt: number; files: Array<{ path: string; sha256: string }> };
  const files: Record<string, string> = {};
  for (const file of data.files) {
    const bytes = readFileSync(join(missionsDir, missionId, `attempts/${data.attempt}/files`, file.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    files[file.path] = bytes.toString('utf8');
  }
  return files;
}

const MISSION_ID = /mission ([0-9a-f-]{36})/;

/**
 * Sends a message about the project from its page. On a machine this busy the read models may take longer
 * than the route's 5 s to show the turn: the route then answers 503 naming the recorded mission, which is
 * read again here until it shows the turn (the message was recorded either way).
 */
export async function sendChange(t: TestApp, projectId: string, message: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await t.http.post(`/gantry/projects/${projectId}/changes`).send({ message });
  if (response.status !== 503) return { status: response.status, body: response.body as Record<string, unknown> };
  const missionId = required(MISSION_ID.exec((response.body as { message: string }).message), 'the mission named in the 503')[1];
  for (let read = 0; read < 600; read += 1) {
    const consultation = await t.http.get(`/gantry/consultation/${missionId}`);
    const body = consultation.body as Record<string, unknown>;
    const replied = message === 'yes' ? body.status !== 'AWAITING_INPUT' : body.status === 'AWAITING_INPUT';
    if (consultation.status === 200 && replied) return { status: message === 'yes' ? 202 : 200, body };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the change to project ${projectId} never showed in the read models`);
}

/** Confirms the change under way on the project (sent from its page) and waits for the version's run to end. */
export async function confirmChange(t: TestApp, projectId: string): Promise<{ missionId: string; status: Record<string, unknown> }> {
  const confirmed = await sendChange(t, projectId, 'yes');
  expect(confirmed.status).toBe(202);
  const missionId = String(confirmed.body.mission_id);
  return { missionId, status: await waitForShipped(t.http, missionId) };
}

/** Polls until the run ends: sandbox builds on a busy machine take minutes, so the bound is generous (never a time assertion). */
export function waitForShipped(http: Http, missionId: string): Promise<Record<string, unknown>> {
  return waitForStatus(http, missionId, [...TERMINAL_STATUSES], 6000);
}

export async function page(t: TestApp, url: unknown): Promise<string> {
  return (await t.http.get(new URL(String(url)).pathname).expect(200)).text;
}

export async function project(t: TestApp, projectId: string): Promise<ProjectBody> {
  return (await t.http.get(`/gantry/projects/${projectId}`).expect(200)).body as ProjectBody;
}

/** `gantry audit verify <id>` as a separate process, against the app's database. */
export async function auditVerify(t: TestApp, missionId: string): Promise<{ code: number | null; stdout: string }> {
  return runGantry(['audit', 'verify', missionId], { DATABASE_URL: t.db.url });
}
