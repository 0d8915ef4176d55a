import type { AddressInfo } from 'node:net';
import type { ErrorBody, MissionRefBody } from '../support/bodies';
import { createTestApp, type TestApp } from '../support/test-app';
import { declaredApiRoutes } from './support/api-routes';
import type { Expected } from './support/expected';

const FOREIGN = 'https://evil.example';
const ALLOWED = 'https://console.example';

/** Every state-changing `/gantry` route the app declares, with its parameters filled in by placeholders. */
function stateChangingRoutes(t: TestApp): Array<{ method: 'post' | 'put' | 'patch' | 'delete'; path: string }> {
  return declaredApiRoutes(t.app)
    .map((route) => route.split(' ') as [string, string])
    .filter(([method]) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    .map(([method, path]) => ({
      method: method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete',
      path: path.replace(':id', '7f1e0b9c-3c1a-4b5e-9d2f-1a2b3c4d5e6f').replace(':name', 'someone'),
    }));
}

describe('Cross-site requests', () => {
  let t: TestApp;
  let own: string;
  beforeAll(async () => {
    t = await createTestApp({ config: { corsOrigins: [ALLOWED] } });
    await t.app.listen(0, '127.0.0.1');
    own = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  const eventCount = async () => Number((await t.db.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
  const sessionCount = async () => Number((await t.db.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM sessions')).rows[0].n);

  it('refuses a form-encoded sign-in from a foreign page (login CSRF), even with the right password, and opens no session', async () => {
    const before = await sessionCount();
    const form = await t.anonymous
      .post('/gantry/auth')
      .set('Origin', FOREIGN)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send(`password=${encodeURIComponent(t.adminPassword ?? '')}`);
    expect(form.status).toBe(403);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(form.body).toMatchObject<Expected>({
      statusCode: 403,
      error: 'Forbidden',
      message: expect.stringMatching(/^Cross-site request refused/),
      speech: expect.any(String),
    });
    const json = await t.anonymous.post('/gantry/auth').set('Origin', FOREIGN).send({ password: t.adminPassword });
    expect(json.status).toBe(403);
    expect(await sessionCount()).toBe(before);
  });

  it.each([
    ['form-encoded', 'application/x-www-form-urlencoded', 'message=A+todo+app+with+due+dates'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nA todo app\r\n--x--\r\n'],
    ['text/plain holding JSON (the classic form trick)', 'text/plain', '{"message":"A todo app with due dates"}'],
    ['XML', 'application/xml', '<message>A todo app</message>'],
  ])('answers 415 with speech to a %s body, even with a token and no Origin', async (_, type, body) => {
    const before = await eventCount();
    const response = await t.http.post('/gantry/consult').set('Content-Type', type).send(body);
    expect(response.status).toBe(415);
    expect(response.body as ErrorBody).toMatchObject<Expected>({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: expect.stringContaining('application/json'),
      speech: expect.stringMatching(/\.$/),
    });
    expect(await eventCount()).toBe(before);
  });

  it('refuses every state-changing route from a foreign Origin (403) and a form body without one (415), changing nothing', async () => {
    const routes = stateChangingRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const before = await eventCount();
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const foreign = await t.http[method](path).set('Origin', FOREIGN).send({});
      if (foreign.status !== 403) wrong.push(`${method} ${path} from ${FOREIGN}: ${foreign.status}`);
      const nullOrigin = await t.http[method](path).set('Origin', 'null').send({});
      if (nullOrigin.status !== 403) wrong.push(`${method} ${path} from Origin null: ${nullOrigin.status}`);
      const crossSite = await t.http[method](path).set('Sec-Fetch-Site', 'cross-site').send({});
      if (crossSite.status !== 403) wrong.push(`${method} ${path} with Sec-Fetch-Site cross-site: ${crossSite.status}`);
      const form = await t.http[method](path).type('form').send('a=1');
      if (form.status !== 415) wrong.push(`${method} ${path} as a form: ${form.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await eventCount()).toBe(before);
  });

  it("accepts JSON from Gantry's own pages, from GANTRY_CORS_ORIGINS, and from clients that name no origin (curl, shortcuts, tokens)", async () => {
    await t.anonymous.post('/gantry/auth').set('Origin', own).set('Sec-Fetch-Site', 'same-origin').send({ password: t.adminPassword }).expect(200);
    await t.anonymous.post('/gantry/auth').set('Origin', ALLOWED).set('Sec-Fetch-Site', 'cross-site').send({ password: t.adminPassword }).expect(200);
    await t.anonymous.post('/gantry/auth').set('Sec-Fetch-Site', 'none').send({ password: t.adminPassword }).expect(200);
    const shortcut = await t.http.post('/gantry/architect').send({ voice_memo: 'A tip calculator with a slider', deploy: false, publish: false });
    expect(shortcut.status).toBe(202);
    expect((shortcut.body as MissionRefBody).mission_id).toEqual(expect.any(String));
    await t.http
      .post('/gantry/voice')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ message: 'A notes app with tags' }))
      .expect(200);
  });

  it('lets bodiless changes through from its own pages (sign out, clear) and never refuses reads', async () => {
    await t.http.post('/gantry/auth/logout').set('Origin', own).expect(200);
    await t.http.post('/gantry/missions/clear').set('Origin', own).expect(200);
    await t.anonymous.post('/gantry/auth/logout').set('Origin', FOREIGN).expect(403);
    await t.anonymous.get('/health').set('Origin', FOREIGN).expect(200);
    await t.http.get('/gantry/missions').set('Origin', FOREIGN).set('Sec-Fetch-Site', 'cross-site').expect(200);
  });
});
