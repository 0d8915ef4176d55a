import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/missions/domain/manifest';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import { STATIC_APP } from '../shipping/support/green-mission';
import { scriptedArchitect } from '../support/scripted-architect';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventTypes, waitForEnd } from '../support/http-helpers';
import { match, required } from '../support/expectations';
import {
  type AuditBody,
  type ErrorBody,
  type MissionPageBody,
  type MissionRefBody,
  type OpenApiBody,
  type SearchBody,
  type StatusBody,
} from '../support/bodies';
import { BUILT_ATTEMPT, DEPLOYED, PUBLISHED } from '../support/events';

describe('Direct builds, retries, clearing and reads over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('runs a direct build through the whole pipeline to a live app and a pull request', async () => {
    const response = await t.http
      .post('/gantry/architect')
      .set({ 'X-Gantry-Client': 'direct-client-1' })
      .send({ voice_memo: 'A kanban board with three columns' })
      .expect(202);
    expect(response.body).toMatchObject({ status: 'queued', speech: 'Copy. Gantry assumes control.' });
    const id = (response.body as MissionRefBody).mission_id;
    await waitForEnd(t.http, id);
    const status = await t.http.get(`/gantry/status/${id}`).expect(200);
    expect(status.headers['cache-control']).toContain('no-store');
    expect(status.body).toMatchObject({
      mission_id: id,
      mode: 'direct',
      status: 'DEPLOYED',
      attempts: 1,
      failure: null,
      url: match.stringMatching(new RegExp(`^${t.config.publicUrl}/apps/[a-z0-9-]+-${id.slice(0, 8)}/$`)),
      pr_url: `${t.config.publicUrl}/gantry/missions/${id}/pr`,
      speech: match.stringContaining('Live at'),
    });
    expect(await eventTypes(t.http, id)).toEqual([
      'MissionOpened',
      'ConsultantReplied',
      'BuildConfirmed',
      ...BUILT_ATTEMPT,
      ...DEPLOYED,
      ...PUBLISHED,
      'MissionSucceeded',
    ]);
    const liveUrl = required((status.body as StatusBody).url, "the live app's url");
    const page = await t.http.get(new URL(liveUrl).pathname).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await t.http.get(`/gantry/missions/${id}/pr`).expect(200)).body).toMatchObject({ number: match.any(Number), base_branch: 'main' });
    const failure = await t.http.get(`/gantry/missions/${id}/failure`).expect(200);
    expect(failure.body).toEqual({ mission_id: id, status: 'DEPLOYED', failure: null, speech: 'No failure details on file.' });
  });

  it("clears a caller's projects by archiving them: hidden from lists, events kept", async () => {
    const client = { 'X-Gantry-Client': 'clearing-client' };
    const kept = (
      await t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'bystander-0001' }).send({ message: 'A landing page for a bakery' }).expect(200)
    ).body as MissionRefBody;
    const mine = (await t.http.post('/gantry/consult').set(client).send({ message: 'A quiz about planets' }).expect(200)).body as MissionRefBody;
    const cleared = await t.http.post('/gantry/consult').set(client).send({ message: 'Clear all my projects' }).expect(200);
    expect(cleared.body).toMatchObject({ status: 'STATUS_RESPONSE', cleared: 1, speech: match.stringContaining('Cleared 1 projects') });
    const list = await t.http.get('/gantry/missions?limit=100').expect(200);
    const ids = (list.body as MissionPageBody).missions.map((mission) => mission.mission_id);
    expect(ids).not.toContain(mine.mission_id);
    expect(ids).toContain(kept.mission_id);
    expect(((await t.http.get(`/gantry/status/${mine.mission_id}`).expect(200)).body as StatusBody).archived).toBe(true);
    expect(await eventTypes(t.http, mine.mission_id)).toEqual(['MissionOpened', 'ConsultantReplied', 'MissionArchived']);
    const again = await t.http.post('/gantry/missions/clear').set(client).expect(200);
    expect(again.body).toMatchObject({ cleared: 0, speech: match.any(String) });
  });

  it('lists, finds the latest, and searches missions from the read model', async () => {
    const client = { 'X-Gantry-Client': 'search-client-1' };
    const created = (await t.http.post('/gantry/consult').set(client).send({ message: 'A sourdough recipe blog with comments' }).expect(200))
      .body as MissionRefBody;
    const search = (await t.http.get('/gantry/search?q=sourdough').expect(200)).body as SearchBody;
    expect(search.results.map((r) => r.mission_id)).toEqual([created.mission_id]);
    expect((await t.http.get('/gantry/search').expect(200)).body).toMatchObject({ count: 0, results: [] });
    const latest = await t.http.get('/gantry/latest').expect(200);
    expect(latest.body).toMatchObject({ status: match.any(String), speech: match.any(String) });
    const page = (await t.http.get('/gantry/missions?limit=2&offset=0').expect(200)).body as MissionPageBody;
    expect(page.missions.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThanOrEqual(page.missions.length);
  });

  it("streams a mission's progress as server-sent events until it ends", async () => {
    const accepted = (await t.http.post('/gantry/architect').send({ voice_memo: 'A pomodoro timer with sounds', deploy: false, publish: false }).expect(202))
      .body as MissionRefBody;
    const stream = await t.http
      .get(`/gantry/missions/${accepted.mission_id}/stream`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const text = stream.body as string;
    expect(text).toContain('event: mission');
    expect(text).toContain('"type":"BuildAttemptFinished"');
    expect(text).toContain('"type":"MissionSucceeded"');
    expect(text).not.toContain('"type":"DeploymentRequested"');
    expect(text).toMatch(/event: end\ndata: \{"mission_id":"[^"]+","status":"SUCCESS"/);
  });

  it('answers bad input with 400, unknown missions with 404, never 500, each with a speech line', async () => {
    const malformed = await t.http.post('/gantry/consult').set('Content-Type', 'application/json').send('{"message": "a todo app",').expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, speech: match.any(String) });
    await t.http.post('/gantry/consult').send({}).expect(400);
    await t.http.post('/gantry/consult').send({ message: '' }).expect(400);
    await t.http.post('/gantry/consult').send({ message: 'x', mission_id: 'not-a-uuid' }).expect(400);
    await t.http.post('/gantry/consult').send({ message: 'x', extra: true }).expect(400);
    await t.http.post('/gantry/architect').send({ voice_memo: 42 }).expect(400);
    await t.http.get('/gantry/missions?limit=abc').expect(400);
    for (const path of ['/gantry/status/', '/gantry/consultation/', '/gantry/missions/']) {
      const suffix = path === '/gantry/missions/' ? '/events' : '';
      const notUuid = await t.http.get(`${path}12345${suffix}`).expect(400);
      expect((notUuid.body as ErrorBody).speech).toEqual(match.any(String));
      const unknown = await t.http.get(`${path}${randomUUID()}${suffix}`).expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', speech: match.any(String) });
    }
    await t.http.get(`/gantry/missions/${randomUUID()}/audit`).expect(404);
    await t.http.post(`/gantry/missions/${randomUUID()}/retry`).expect(404);
  });

  it('publishes its OpenAPI document', async () => {
    const document = await t.http.get('/openapi.json').expect(200);
    expect(Object.keys((document.body as OpenApiBody).paths)).toEqual(
      match.arrayContaining(['/gantry/consult', '/gantry/architect', '/gantry/status/{id}', '/gantry/missions/{id}/stream', '/gantry/missions/{id}/audit']),
    );
  });
});

/** STATIC_APP with a tip that is off by a factor of ten: its own test fails the same way on every attempt. */
const MISCALCULATING_APP: Manifest = {
  ...STATIC_APP,
  files: STATIC_APP.files.map((file) => (file.path === 'public/app.js' ? { ...file, content: file.content.replace('/ 100', '/ 10') } : file)),
};

describe('A direct build that fails, retried as a new run', () => {
  let t: TestApp;
  let fixed = false;
  beforeAll(async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-retry-'));
    const architect = scriptedArchitect({ missionsDir }, () => (fixed ? STATIC_APP : MISCALCULATING_APP));
    t = await createTestApp({ config: { missionsDir }, overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: architect }] });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('ends FAILED at BUILDING when a heal fails exactly like the draft, says why, and a retry by its owner builds and ships it', async () => {
    const owner = { 'X-Gantry-Client': 'retry-client-01' };
    const response = await t.http.post('/gantry/architect').set(owner).send({ voice_memo: 'A tip calculator that splits the bill' }).expect(202);
    const id = (response.body as MissionRefBody).mission_id;
    const failed = await waitForEnd(t.http, id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      run: 1,
      url: null,
      pr_url: null,
      failure: { stage: 'BUILDING', reason: 'Attempt 2 failed exactly as attempt 1 did (tips): healing stopped early' },
    });
    expect(await eventTypes(t.http, id)).toEqual([
      'MissionOpened',
      'ConsultantReplied',
      'BuildConfirmed',
      ...BUILT_ATTEMPT,
      'HealRequested',
      ...BUILT_ATTEMPT,
      'MissionFailed',
    ]);
    const failure = await t.http.get(`/gantry/missions/${id}/failure`).expect(200);
    expect(failure.body).toMatchObject({
      failure: { stage: 'BUILDING' },
      speech: match.stringContaining('It stopped at building: Attempt 2 failed exactly as attempt 1 did'),
    });

    await t.http.post(`/gantry/missions/${id}/retry`).set({ 'X-Gantry-Client': 'someone-else-1' }).send({}).expect(404);
    fixed = true;
    await t.http.post(`/gantry/missions/${id}/retry`).set(owner).send({}).expect(202);
    const retried = await waitForEnd(t.http, id);
    expect(retried).toMatchObject({
      status: 'DEPLOYED',
      run: 2,
      attempts: 3, // build attempts over every run: two red, then one green
      failure: null,
      url: match.stringContaining(`/apps/tip-calculator-${id.slice(0, 8)}/`),
      pr_url: match.stringContaining(`/gantry/missions/${id}/pr`),
    });
    const types = await eventTypes(t.http, id);
    expect(types.filter((type) => type === 'MissionRetried')).toHaveLength(1);
    expect(types.filter((type) => type === 'MissionFailed')).toHaveLength(1);
    expect(types.slice(types.indexOf('MissionRetried'))).toEqual(['MissionRetried', ...BUILT_ATTEMPT, ...DEPLOYED, ...PUBLISHED, 'MissionSucceeded']);
    expect(((await t.http.get(`/gantry/missions/${id}/audit`).expect(200)).body as AuditBody).valid).toBe(true);

    const refused = await t.http.post(`/gantry/missions/${id}/retry`).set(owner).send({}).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict', speech: match.stringContaining('Cannot retry') });
  });

  it('refuses to retry a mission that is still consulting', async () => {
    const client = { 'X-Gantry-Client': 'retry-client-02' };
    const consulting = (await t.http.post('/gantry/consult').set(client).send({ message: 'A notes app' }).expect(200)).body as MissionRefBody;
    const refused = await t.http.post(`/gantry/missions/${consulting.mission_id}/retry`).set(client).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict', speech: match.stringContaining('Cannot retry') });
  });
});

describe('Mission ids in any case', () => {
  it('treats an upper-case mission id as the same mission everywhere', async () => {
    const t = await createTestApp();
    try {
      const client = { 'X-Gantry-Client': 'upper-case-client' };
      const first = (await t.http.post('/gantry/consult').set(client).send({ message: 'A notes app with tags' }).expect(200)).body as MissionRefBody;
      const upper = first.mission_id.toUpperCase();
      expect(((await t.http.get(`/gantry/status/${upper}`).expect(200)).body as StatusBody).mission_id).toBe(first.mission_id);
      await t.http.get(`/gantry/missions/${upper}/events`).expect(200);
      const next = (await t.http.post('/gantry/consult').set(client).send({ message: 'also add search', mission_id: upper }).expect(200))
        .body as MissionRefBody;
      expect(next.mission_id).toBe(first.mission_id);
    } finally {
      await t.close();
      await t.db.drop();
    }
  });
});
