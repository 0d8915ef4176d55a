import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import { waitForStatus } from '../support/http-helpers';
import { ADDER, ADDER_TEST, BROKEN_ADDER, nodeProject, scriptedArchitect } from '../support/scripted-architect';
import { createTestApp, type Http, type TestApp } from '../support/test-app';
import { type ClearedBody, type MissionPageBody, type SearchBody, type ThemesBody, type TokenCreatedBody, missionIdOf } from '../support/bodies';
import { required } from '../support/expectations';
import { type Expected } from './support/expected';
import {
  adminCalls,
  CREDENTIAL_ROUTES,
  declaredApiRoutes,
  missionCalls,
  PUBLIC_ROUTES,
  routeKey,
  send,
  userCalls,
  type ApiCall,
  type MissionIds,
} from './support/api-routes';

/**
 * Every API route, called by a stranger, with a wrong password, with a revoked token, after logout and
 * as another user: 401, 403 or 404 as designed; the same calls as the owner succeed.
 */
describe('The door: every route of the API', () => {
  let t: TestApp;
  let alice: Http;
  let bob: Http;
  let carol: Http;
  let ids: MissionIds;
  let carolTokenId: string;
  let shipped: string;
  /** Shipping's route needs a mission with a pull request: another of the owner's missions, one that shipped. */
  const shippedCalls = (): Array<ApiCall & { ownerStatus: number }> => [
    { method: 'get', route: '/gantry/missions/:id/pr', path: `/gantry/missions/${shipped}/pr`, ownerStatus: 200 },
  ];
  const ownedCalls = () => [...missionCalls(ids), ...shippedCalls()];
  const everyCall = (): ApiCall[] => [...ownedCalls(), ...userCalls(carolTokenId), ...adminCalls('dave')];

  beforeAll(async () => {
    // The architect hands out this blueprint: first one whose tests fail (the same way twice, so the mission
    // ends FAILED), then a green one, which every later build (the owner's retry, new missions) also gets.
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-door-'));
    let blueprint = nodeProject('kanban', { 'add.js': BROKEN_ADDER, 'add.test.js': ADDER_TEST });
    t = await createTestApp({
      config: { missionsDir },
      overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => blueprint) }],
    });
    [alice, bob, carol] = [t.as('alice'), t.as('bob'), t.as('carol')];
    const built = missionIdOf(await alice.post('/gantry/architect').send({ voice_memo: 'A kanban board with three columns', deploy: false }).expect(202));
    await waitForStatus(alice, built, ['FAILED'], 1200);
    blueprint = nodeProject('adder', { 'add.js': ADDER, 'add.test.js': ADDER_TEST });
    shipped = missionIdOf(await alice.post('/gantry/architect').send({ voice_memo: 'A calculator that adds two numbers', deploy: false }).expect(202));
    await waitForStatus(alice, shipped, ['PR_OPENED'], 1200);
    const consulting = missionIdOf(await alice.post('/gantry/consult').send({ message: 'A notes app with tags' }).expect(200));
    ids = { built, consulting };
    carolTokenId = ((await carol.post('/gantry/tokens').send({ name: 'to revoke' }).expect(201)).body as TokenCreatedBody).id;
    await t.tokenFor('dave');
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('knows every /gantry route the app declares, so a new one cannot slip past this suite', () => {
    const known = new Set([...everyCall().map(routeKey), ...PUBLIC_ROUTES, ...CREDENTIAL_ROUTES]);
    expect(declaredApiRoutes(t.app)).toEqual([...known].sort());
  });

  async function statusesOf(http: Http, headers: Record<string, string> = {}): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    for (const call of everyCall()) {
      const response = await send(http, call, headers);
      statuses[`${routeKey(call)} ${call.path}`] = response.status;
      const body: unknown = typeof response.body === 'string' ? JSON.parse(response.body) : response.body; // the stream route's parser gives text
      if (response.status === 401)
        expect(body).toMatchObject<Expected>({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), speech: expect.any(String) });
    }
    return statuses;
  }

  const allUnauthorized = (statuses: Record<string, number>) => Object.entries(statuses).filter(([, status]) => status !== 401);

  it('answers 401 to a caller without credentials, on every route', async () => {
    expect(allUnauthorized(await statusesOf(t.anonymous))).toEqual([]);
    const upperCase = await t.anonymous.get('/GANTRY/MISSIONS').expect(401); // Express matches paths case-insensitively
    expect(upperCase.headers['www-authenticate']).toBe('Bearer realm="gantry"');
  });

  it('answers 401 after a wrong password (no session is given), and to forged or malformed credentials', async () => {
    const wrong = await t.anonymous.post('/gantry/auth').send({ password: 'not the password' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const cookie = `gantry_session=${randomBytes(32).toString('base64url')}`;
    expect(allUnauthorized(await statusesOf(t.anonymous, { Cookie: cookie }))).toEqual([]);
    expect(allUnauthorized(await statusesOf(t.anonymous, { Authorization: `Bearer gty_${randomBytes(32).toString('base64url')}` }))).toEqual([]);
    const basic = Buffer.from(`admin:${required(t.adminPassword, 'the admin password')}`).toString('base64');
    expect(allUnauthorized(await statusesOf(t.anonymous, { Authorization: `Basic ${basic}` }))).toEqual([]);
  });

  it('answers 401 to a revoked token, on every route', async () => {
    const created = (await alice.post('/gantry/tokens').send({ name: 'old phone' }).expect(201)).body as TokenCreatedBody;
    await t.anonymous.get('/gantry/auth/status').set('Authorization', `Bearer ${created.token}`).expect(200);
    await alice.delete(`/gantry/tokens/${created.id}`).expect(200);
    expect(allUnauthorized(await statusesOf(t.anonymous, { Authorization: `Bearer ${created.token}` }))).toEqual([]);
  });

  it('answers 401 to a session cookie after logout, or once its lifetime is over', async () => {
    const login = await t.anonymous.post('/gantry/auth').send({ password: t.adminPassword }).expect(200);
    const cookie = login.headers['set-cookie'][0].split(';')[0];
    await t.anonymous.get('/gantry/latest').set('Cookie', cookie).expect(200);
    await t.anonymous.post('/gantry/auth/logout').set('Cookie', cookie).expect(200);
    expect(allUnauthorized(await statusesOf(t.anonymous, { Cookie: cookie }))).toEqual([]);

    const again = (await t.anonymous.post('/gantry/auth').send({ password: t.adminPassword }).expect(200)).headers['set-cookie'][0].split(';')[0];
    await t.db.database.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    await t.anonymous.get('/gantry/latest').set('Cookie', again).expect(401);
  });

  it("answers 404 to another user for each of the owner's missions, and 403 on the admin's routes", async () => {
    for (const call of ownedCalls()) expect([routeKey(call), (await send(bob, call)).status]).toEqual([routeKey(call), 404]);
    for (const call of adminCalls('dave')) expect([routeKey(call), (await send(bob, call)).status]).toEqual([routeKey(call), 403]);
    await bob.delete(`/gantry/tokens/${carolTokenId}`).expect(404);
    expect(((await bob.get('/gantry/missions?limit=100').expect(200)).body as MissionPageBody).missions).toEqual([]);
    expect(((await bob.get('/gantry/search?q=kanban').expect(200)).body as SearchBody).results).toEqual([]);
    expect((await bob.get('/gantry/latest').expect(200)).body).toMatchObject({ status: 'idle' });
    expect(((await bob.post('/gantry/missions/clear').expect(200)).body as ClearedBody).cleared).toBe(0);
  });

  it("lets the admin read and list every user's missions, but not act on them", async () => {
    await t.http.get(`/gantry/status/${ids.built}`).expect(200);
    await t.http.get(`/gantry/missions/${ids.built}/events`).expect(200);
    expect((await t.http.get(`/gantry/missions/${shipped}/pr`).expect(200)).body).toMatchObject<Expected>({
      mission_id: shipped,
      provider: 'local',
      description: expect.any(String),
    });
    const listed = ((await t.http.get('/gantry/missions?limit=100').expect(200)).body as MissionPageBody).missions.map((m) => m.mission_id);
    expect(listed).toEqual(expect.arrayContaining([ids.built, shipped, ids.consulting]));
    await t.http.post('/gantry/consult').send({ message: 'also add search', mission_id: ids.consulting }).expect(404);
  });

  it('serves the same calls to their owner', async () => {
    for (const call of ownedCalls()) expect([routeKey(call), (await send(alice, call)).status]).toEqual([routeKey(call), call.ownerStatus]);
    for (const call of userCalls(carolTokenId)) expect([routeKey(call), (await send(carol, call)).status]).toEqual([routeKey(call), call.ownerStatus]);
    for (const call of adminCalls('dave')) expect([routeKey(call), (await send(t.http, call)).status]).toEqual([routeKey(call), call.ownerStatus]);
  });

  it('keeps the public surface public', async () => {
    await t.anonymous.get('/health').expect((response) => expect([200, 503]).toContain(response.status));
    expect(((await t.anonymous.get('/gantry/themes').expect(200)).body as ThemesBody).count).toBe(8);
    await t.anonymous.get('/openapi.json').expect(200);
    await t.anonymous.get('/docs').redirects(1).expect(200);
    await t.anonymous.get('/gantry/auth/status').expect(401);
    await t.anonymous.post('/gantry/auth/logout').expect(200);
  });
});
