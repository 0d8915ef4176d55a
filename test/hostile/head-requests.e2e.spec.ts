import { MissionStreams } from '../../src/missions/http/mission-streams';
import { createTestApp, type TestApp } from '../support/test-app';
import type { ConsultationBody } from '../support/bodies';

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

/** Liveness, not speed: a HEAD that has not answered in this long is held open, not slow. */
const NO_ANSWER_MS = 15_000;

/**
 * HEAD is GET without a body. Node sends no headers for a HEAD until the response ends, so a route that
 * keeps its response open (the live stream) answered a HEAD with nothing at all, held the connection and
 * one of the caller's stream slots until the idle limit. Every GET route must answer HEAD and close.
 */
describe('HEAD on every GET route', () => {
  let t: TestApp;
  let missionId: string;

  beforeAll(async () => {
    t = await createTestApp({ config: { streams: { perUser: 2, idleMs: 60_000 } } });
    const response = await t.http.post('/gantry/consult').send({ message: 'I want a todo app for my team' }).expect(200);
    missionId = (response.body as ConsultationBody).mission_id;
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('the live stream answers HEAD with its headers and ends, holding no stream open', async () => {
    const streams = t.app.get(MissionStreams, { strict: false });
    for (let round = 0; round < 3; round += 1) {
      // Three in a row: past the per-user limit of two if a HEAD held its stream open.
      const response = await t.http.head(`/gantry/missions/${missionId}/stream`).timeout(NO_ANSWER_MS);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/event-stream');
    }
    expect(streams.size).toBe(0);
    await t.http.head('/gantry/missions/00000000-0000-4000-8000-000000000000/stream').timeout(NO_ANSWER_MS).expect(404);
  });

  it('every other GET route answers HEAD as it answers GET', async () => {
    const document = (await t.http.get('/openapi.json').expect(200)).body as OpenApi;
    const gets = Object.entries(document.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path.replace(/\{[^}]+\}/g, missionId));
    expect(gets.length).toBeGreaterThan(15);
    for (const path of gets) {
      const head = await t.http.head(path).timeout(NO_ANSWER_MS);
      const expected = path.endsWith('/stream') ? 200 : (await t.http.get(path)).status;
      expect({ path, status: head.status }).toEqual({ path, status: expected });
    }
  });
});
