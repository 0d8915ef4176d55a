import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventTypes, waitForStatus } from '../support/http-helpers';

describe('Direct builds, retries, clearing and reads over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  async function failedDirectBuild(client: string, prompt = 'A kanban board with three columns'): Promise<string> {
    const response = await t.http.post('/gantry/architect').set({ 'X-Gantry-Client': client }).send({ voice_memo: prompt, deploy: false }).expect(202);
    expect(response.body).toMatchObject({ status: 'queued', speech: 'Copy. Gantry assumes control.' });
    await waitForStatus(t.http, response.body.mission_id, ['FAILED']);
    return response.body.mission_id as string;
  }

  it('runs a direct build through the pipeline to an honest final status', async () => {
    const id = await failedDirectBuild('direct-client-1');
    const status = await t.http.get(`/gantry/status/${id}`).expect(200);
    expect(status.headers['cache-control']).toContain('no-store');
    expect(status.body).toMatchObject({ mission_id: id, mode: 'direct', status: 'FAILED', url: null, pr_url: null, speech: expect.stringContaining('architect') });
    expect(await eventTypes(t.http, id)).toEqual(['MissionOpened', 'BuildConfirmed', 'PipelineStepStarted', 'PipelineStepUnavailable', 'MissionFailed']);
    const failure = await t.http.get(`/gantry/missions/${id}/failure`).expect(200);
    expect(failure.body).toMatchObject({ failure: { stage: 'ARCHITECTING' }, speech: expect.stringContaining('architecting') });
  });

  it('retries a failed mission as a new run, and refuses to retry one that is not failed', async () => {
    const client = { 'X-Gantry-Client': 'retry-client-01' };
    const id = await failedDirectBuild('retry-client-01');
    await t.http.post(`/gantry/missions/${id}/retry`).set(client).send({}).expect(202);
    const retried = await waitForStatus(t.http, id, ['FAILED']);
    expect(retried.run).toBe(2);
    const types = await eventTypes(t.http, id);
    expect(types.filter((type) => type === 'MissionRetried')).toHaveLength(1);
    expect(types.filter((type) => type === 'MissionFailed')).toHaveLength(2);

    const consulting = await t.http.post('/gantry/consult').set(client).send({ message: 'A notes app' }).expect(200);
    const refused = await t.http.post(`/gantry/missions/${consulting.body.mission_id}/retry`).set(client).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict', speech: expect.stringContaining('Cannot retry') });
    await t.http.post(`/gantry/missions/${id}/retry`).set({ 'X-Gantry-Client': 'someone-else-1' }).expect(404);
  });

  it('clears a caller\'s projects by archiving them: hidden from lists, events kept', async () => {
    const client = { 'X-Gantry-Client': 'clearing-client' };
    const kept = await t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'bystander-0001' }).send({ message: 'A landing page for a bakery' }).expect(200);
    const mine = await t.http.post('/gantry/consult').set(client).send({ message: 'A quiz about planets' }).expect(200);
    const cleared = await t.http.post('/gantry/consult').set(client).send({ message: 'Clear all my projects' }).expect(200);
    expect(cleared.body).toMatchObject({ status: 'STATUS_RESPONSE', cleared: 1, speech: expect.stringContaining('Cleared 1 projects') });
    const list = await t.http.get('/gantry/missions?limit=100').expect(200);
    const ids = list.body.missions.map((mission: { mission_id: string }) => mission.mission_id);
    expect(ids).not.toContain(mine.body.mission_id);
    expect(ids).toContain(kept.body.mission_id);
    expect((await t.http.get(`/gantry/status/${mine.body.mission_id}`).expect(200)).body.archived).toBe(true);
    expect(await eventTypes(t.http, mine.body.mission_id)).toEqual(['MissionOpened', 'ConsultantReplied', 'MissionArchived']);
    const again = await t.http.post('/gantry/missions/clear').set(client).expect(200);
    expect(again.body).toMatchObject({ cleared: 0, speech: expect.any(String) });
  });

  it('lists, finds the latest, and searches missions from the read model', async () => {
    const client = { 'X-Gantry-Client': 'search-client-1' };
    const created = await t.http.post('/gantry/consult').set(client).send({ message: 'A sourdough recipe blog with comments' }).expect(200);
    const search = await t.http.get('/gantry/search?q=sourdough').expect(200);
    expect(search.body.results.map((r: { mission_id: string }) => r.mission_id)).toEqual([created.body.mission_id]);
    expect((await t.http.get('/gantry/search').expect(200)).body).toMatchObject({ count: 0, results: [] });
    const latest = await t.http.get('/gantry/latest').expect(200);
    expect(latest.body).toMatchObject({ status: expect.any(String), speech: expect.any(String) });
    const page = await t.http.get('/gantry/missions?limit=2&offset=0').expect(200);
    expect(page.body.missions.length).toBeLessThanOrEqual(2);
    expect(page.body.total).toBeGreaterThanOrEqual(page.body.missions.length);
  });

  it('streams a mission\'s progress as server-sent events until it ends', async () => {
    const response = await t.http.post('/gantry/architect').send({ voice_memo: 'A pomodoro timer with sounds' }).expect(202);
    const stream = await t.http.get(`/gantry/missions/${response.body.mission_id}/stream`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const text = stream.body as string;
    expect(text).toContain('event: mission');
    expect(text).toContain('"type":"MissionFailed"');
    expect(text).toMatch(/event: end\ndata: \{"mission_id":"[^"]+","status":"FAILED"/);
  });

  it('answers bad input with 400, unknown missions with 404, never 500, each with a speech line', async () => {
    const malformed = await t.http.post('/gantry/consult').set('Content-Type', 'application/json').send('{"message": "a todo app",').expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, speech: expect.any(String) });
    await t.http.post('/gantry/consult').send({}).expect(400);
    await t.http.post('/gantry/consult').send({ message: '' }).expect(400);
    await t.http.post('/gantry/consult').send({ message: 'x', mission_id: 'not-a-uuid' }).expect(400);
    await t.http.post('/gantry/consult').send({ message: 'x', extra: true }).expect(400);
    await t.http.post('/gantry/architect').send({ voice_memo: 42 }).expect(400);
    await t.http.get('/gantry/missions?limit=abc').expect(400);
    for (const path of ['/gantry/status/', '/gantry/consultation/', '/gantry/missions/']) {
      const suffix = path === '/gantry/missions/' ? '/events' : '';
      const notUuid = await t.http.get(`${path}12345${suffix}`).expect(400);
      expect(notUuid.body.speech).toEqual(expect.any(String));
      const unknown = await t.http.get(`${path}${randomUUID()}${suffix}`).expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', speech: expect.any(String) });
    }
    await t.http.get(`/gantry/missions/${randomUUID()}/audit`).expect(404);
    await t.http.post(`/gantry/missions/${randomUUID()}/retry`).expect(404);
  });

  it('publishes its OpenAPI document', async () => {
    const document = await t.http.get('/openapi.json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/gantry/consult', '/gantry/architect', '/gantry/status/{id}', '/gantry/missions/{id}/stream', '/gantry/missions/{id}/audit']));
  });
});

describe('Mission ids in any case', () => {
  it('treats an upper-case mission id as the same mission everywhere', async () => {
    const t = await createTestApp();
    try {
      const client = { 'X-Gantry-Client': 'upper-case-client' };
      const first = await t.http.post('/gantry/consult').set(client).send({ message: 'A notes app with tags' }).expect(200);
      const upper = (first.body.mission_id as string).toUpperCase();
      expect((await t.http.get(`/gantry/status/${upper}`).expect(200)).body.mission_id).toBe(first.body.mission_id);
      await t.http.get(`/gantry/missions/${upper}/events`).expect(200);
      const next = await t.http.post('/gantry/consult').set(client).send({ message: 'also add search', mission_id: upper }).expect(200);
      expect(next.body.mission_id).toBe(first.body.mission_id);
    } finally {
      await t.close();
      await t.db.drop();
    }
  });
});
