import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorBody } from '../support/bodies';
import { match } from '../support/expectations';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  auditVerify,
  confirmChange,
  eventOf,
  eventsOf,
  evidenceFiles,
  page,
  project,
  sendChange,
  waitForShipped,
  type DiffBody,
  type PullRequestDiffBody,
} from './support/project-flow';

/**
 * A shipped app changed by a follow-up request, through the offline consultant and architect and the real
 * sandbox: version 2 goes live at the same URL, its pull request shows what it changed, and a rollback puts
 * version 1 back. Every step is in the Black Box of one of the two missions.
 */
jest.setTimeout(600_000);

describe('Projects: a follow-up change, its diff and a rollback (offline architect, real sandbox)', () => {
  let t: TestApp;
  let missionsDir: string;
  let v1: string;
  let v1Url: string;
  let v1Files: Record<string, string>;

  beforeAll(async () => {
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-projects-'));
    t = await createTestApp({ config: { missionsDir } });
    const started = await t.http.post('/gantry/architect').send({ voice_memo: 'A notes app' }).expect(202);
    v1 = (started.body as { mission_id: string }).mission_id;
    const shipped = await waitForShipped(t.http, v1);
    expect(shipped).toMatchObject({ status: 'DEPLOYED' });
    v1Url = String(shipped.url);
    v1Files = evidenceFiles(missionsDir, v1, await eventsOf(t.http, v1));
  });

  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('lists the shipped app as a project whose first version is live', async () => {
    const listed = (await t.http.get('/gantry/projects').expect(200)).body as { projects: Array<{ project_id: string; live_version: number }> };
    expect(listed.projects).toEqual([match.objectContaining({ project_id: v1, live_version: 1, url: v1Url })]);
    expect(await project(t, v1)).toMatchObject({ versions: [{ version: 1, mission_id: v1, status: 'DEPLOYED', live: true, request: 'A notes app' }] });
    // Owner-scoped like missions: another user sees no such project.
    await t.as('mallory').get(`/gantry/projects/${v1}`).expect(404);
    expect(((await t.as('mallory').get('/gantry/projects').expect(200)).body as { count: number }).count).toBe(0);
  });

  it('proposes "add dark mode and a search box" as a delta on the shipped plan, then ships version 2 at the same URL', async () => {
    const proposed = await sendChange(t, v1, 'add dark mode and a search box');
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'AWAITING_INPUT', speech: match.stringContaining('added dark mode toggle and search and filter') });
    const features = (proposed.body as { features: string[] }).features;
    expect(features).toEqual(match.arrayContaining(['Dark mode toggle', 'Search and filter', 'Create, edit and delete notes']));

    const { missionId: v2, status } = await confirmChange(t, v1);
    expect(v2).toBe((proposed.body as { mission_id: string }).mission_id);
    expect(status).toMatchObject({ status: 'DEPLOYED', url: v1Url });
    const live = await page(t, v1Url);
    expect(live).toContain('id="search"');
    expect(live).toContain('id="mode-toggle"');

    const shown = await project(t, v1);
    expect(shown).toMatchObject({ live_version: 2, url: v1Url });
    expect(shown.versions.map(({ version, status: s, live: l }) => [version, s, l])).toEqual([
      [1, 'DEPLOYED', false],
      [2, 'DEPLOYED', true],
    ]);
    expect(shown.versions[1].request).toBe('add dark mode and a search box');
  });

  it("links version 2 to the project and to version 1's Black Box head, and leaves version 1's files as they were", async () => {
    const shown = await project(t, v1);
    const v2 = shown.versions[1].mission_id;
    const [v1Events, v2Events] = [await eventsOf(t.http, v1), await eventsOf(t.http, v2)];
    const link = eventOf(v2Events, 'MissionOpened').data.project as Record<string, unknown>;
    expect(link).toMatchObject({ projectId: v1, version: 2, parentMissionId: v1, parentVersion: 1 });
    const atLink = v1Events.events.find((event) => event.revision === link.parentRevision);
    expect(atLink?.hash).toBe(link.parentHeadHash);
    expect(shown.versions[1].parent_head_hash).toBe(link.parentHeadHash);
    // The architect read version 1's files by their hashes; they are still exactly those.
    expect(evidenceFiles(missionsDir, v1, v1Events)).toEqual(v1Files);
  });

  it('shows the diff that adds dark mode and search, in the pull request (stacked on version 1) and at /diff', async () => {
    const v2 = (await project(t, v1)).versions[1].mission_id;
    const diff = (await t.http.get(`/gantry/missions/${v2}/diff`).expect(200)).body as DiffBody;
    expect(diff).toMatchObject({ version: 2, base: { mission_id: v1, version: 1 } });
    expect(diff.files).toEqual(match.arrayContaining([match.objectContaining({ path: 'src/search.js', change: 'added' })]));
    expect(diff.files).toEqual(match.arrayContaining([match.objectContaining({ path: 'index.html', change: 'modified' })]));
    expect(diff.diff).toMatch(/^\+.*<input id="search" type="search"/m);
    expect(diff.diff).toMatch(/^\+.*<button id="mode-toggle"/m);
    expect(diff.diff).not.toMatch(/^-.*<h1/m);

    const v1Pr = (await t.http.get(`/gantry/missions/${v1}/pr`).expect(200)).body as PullRequestDiffBody;
    const pr = (await t.http.get(`/gantry/missions/${v2}/pr`).expect(200)).body as PullRequestDiffBody;
    expect(pr.base_branch).toBe(v1Pr.branch);
    expect(pr.branch).toBe(`${v1Pr.branch}-v2`);
    expect(pr.diff).toMatch(/^\+.*<input id="search" type="search"/m);
    expect(pr.diff).toContain('diff --git a/src/search.js b/src/search.js');
    // Only what version 2 changed: an unchanged file of version 1 is not in the pull request's diff.
    expect(pr.diff).not.toContain('diff --git a/server.js');
    expect(pr.description).toContain('## Changes since version 1');
  });

  it('rolls back to version 1: the same URL serves version 1 again, recorded as VersionRestored', async () => {
    const rolled = await t.http.post(`/gantry/projects/${v1}/rollback`).send({ version: 1 }).expect(200);
    expect(rolled.body).toMatchObject({ rolled_back_to: 1, live_version: 1, url: v1Url, speech: `Version 1 is live again at ${v1Url}.` });
    const live = await page(t, v1Url);
    expect(live).not.toContain('id="search"');
    expect(live).toBe(v1Files['index.html']);
    const restored = eventOf(await eventsOf(t.http, v1), 'VersionRestored');
    expect(restored.data).toMatchObject({ projectId: v1, version: 1, url: v1Url });
    const shown = await project(t, v1);
    expect(shown.versions.map((version) => version.live)).toEqual([true, false]);
  });

  it('answers a version that does not exist (422), one already live or never deployed (409), and a stranger (404), changing nothing', async () => {
    const before = (await eventsOf(t.http, v1)).events.length;
    const missing = await t.http.post(`/gantry/projects/${v1}/rollback`).send({ version: 7 }).expect(422);
    expect((missing.body as ErrorBody).speech).toBe('There is no version 7: this app has versions 1 to 2.');
    const already = await t.http.post(`/gantry/projects/${v1}/rollback`).send({ version: 1 }).expect(409);
    expect((already.body as ErrorBody).speech).toBe('Version 1 is already the live one.');
    for (const body of [{ version: 0 }, { version: 'one' }, {}, { version: 1.5 }]) await t.http.post(`/gantry/projects/${v1}/rollback`).send(body).expect(400);
    await t.as('mallory').post(`/gantry/projects/${v1}/rollback`).send({ version: 2 }).expect(404);
    await t.as('mallory').post(`/gantry/projects/${v1}/changes`).send({ message: 'add a chart' }).expect(404);
    await t.http.post('/gantry/projects/not-a-uuid/rollback').send({ version: 1 }).expect(400);
    expect((await eventsOf(t.http, v1)).events.length).toBe(before);
  });

  it('keeps both Black Boxes valid, through the API and `gantry audit verify`', async () => {
    const v2 = (await project(t, v1)).versions[1].mission_id;
    for (const id of [v1, v2]) {
      expect((await t.http.get(`/gantry/missions/${id}/audit`).expect(200)).body).toMatchObject({ valid: true });
      const verified = await auditVerify(t, id);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain(`VALID  mission-${id}`);
    }
  });
});
