import { createTestApp, type TestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import type { Expected } from './support/expected';

/**
 * @nestjs/throttler at the door: N requests pass, the N+1th is 429, whatever X-Forwarded-For claims.
 * Sign-in's own growing delays are in sign-in-throttle.e2e.spec.ts.
 */
describe('Rate limits', () => {
  const LIMIT = 5;
  const LOGINS = 3;
  const PUBLIC = 8;
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());
  // The counters live in PostgreSQL and outlive an app: each case starts from none.
  afterEach(async () => {
    await t?.close();
    await db.database.pool.query('DELETE FROM rate_limit_counters');
  });

  const fresh = async (trustProxy: string | null = null) =>
    (t = await createTestApp({ db, config: { rateLimitPerMinute: LIMIT, loginAttemptsPerMinute: LOGINS, trustProxy } }));

  function expectRefused(response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) {
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body).toMatchObject<Expected>({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many requests/),
      speech: expect.stringMatching(/try again in \d+ seconds?\.$/),
    });
  }

  it('refuses the N+1th anonymous request from an address, and a spoofed X-Forwarded-For does not reset it', async () => {
    await fresh();
    for (let i = 0; i < LIMIT; i += 1) await t.anonymous.get('/gantry/themes').set('X-Forwarded-For', `203.0.113.${i}`).expect(200);
    expectRefused(await t.anonymous.get('/gantry/themes'));
    expectRefused(await t.anonymous.get('/gantry/themes').set('X-Forwarded-For', '198.51.100.77'));
    expectRefused(await t.anonymous.get('/gantry/latest')); // refused before the 401: floods of bad credentials count too
  });

  it("counts per caller when signed in: one user's budget is not another's", async () => {
    await fresh();
    const [alice, bob] = [t.as('alice'), t.as('bob')];
    for (let i = 0; i < LIMIT; i += 1) await alice.get('/gantry/latest').expect(200);
    expectRefused(await alice.get('/gantry/missions'));
    await bob.get('/gantry/latest').expect(200);
  });

  it('counts public content (/health, /apps, the console) apart from the API, per address', async () => {
    t = await createTestApp({ db, config: { rateLimitPerMinute: LIMIT, publicRateLimitPerMinute: PUBLIC } });
    for (let i = 0; i < PUBLIC; i += 1) await t.anonymous.get(i % 2 ? '/health' : '/').expect((response) => expect(response.status).not.toBe(429));
    expectRefused(await t.anonymous.get('/health'));
    expectRefused(await t.anonymous.get('/apps/some-app-00000000/'));
    await t.anonymous.get('/gantry/themes').expect(200); // the API's anonymous budget is untouched: sign-in still works
    await t.anonymous.post('/gantry/auth').send({ password: t.adminPassword }).expect(200);
    for (let i = 1; i < LIMIT - 1; i += 1) await t.anonymous.get('/gantry/themes').expect(200);
    expectRefused(await t.anonymous.get('/gantry/themes'));
    await t.as('alice').get('/gantry/latest').expect(200); // signed-in callers have budgets of their own
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    await fresh('loopback');
    for (let i = 0; i < LIMIT; i += 1) await t.anonymous.get('/gantry/themes').set('X-Forwarded-For', '203.0.113.1').expect(200);
    expectRefused(await t.anonymous.get('/gantry/themes').set('X-Forwarded-For', '203.0.113.1'));
    await t.anonymous.get('/gantry/themes').set('X-Forwarded-For', '203.0.113.2').expect(200);
  });
});
