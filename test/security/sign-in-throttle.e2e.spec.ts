import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import type { Expected } from './support/expected';

/** Failed sign-ins allowed at each (account, address) or known device before delays begin; ten times that per account and per address. */
const FREE = 2;
const SOFT = FREE * 10;

type Answer = { status: number; headers: Record<string, string>; body: unknown };

function expectWaiting(response: Answer): number {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject<Expected>({
    statusCode: 429,
    message: expect.stringMatching(/^Too many failed sign-ins/),
    speech: expect.stringMatching(/try again in \d+ seconds?\.$/),
  });
  const seconds = Number(response.headers['retry-after']);
  expect(seconds).toBeGreaterThan(0);
  return seconds;
}

jest.setTimeout(300_000); // dozens of argon2 verifications on a shared machine

describe('Sign-in throttling: growing delays that a stranger cannot turn against the owner', () => {
  let db: TestDatabase;
  let t: TestApp;
  const ownDatabases: TestDatabase[] = [];
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => Promise.all([db, ...ownDatabases].map((each) => each.drop())));
  afterEach(async () => t?.close());

  const fresh = async (trustProxy: string | null = null) => (t = await createTestApp({ db, config: { loginAttemptsPerMinute: FREE, trustProxy } }));
  const from = (address: string | null) => {
    const post = t.anonymous.post('/gantry/auth');
    return address ? post.set('X-Forwarded-For', address) : post;
  };
  const guess = async (times: number, username: string, address: string | null = null) => {
    for (let i = 0; i < times; i += 1)
      await from(address)
        .send({ username, password: `guess number ${i}` })
        .expect(401);
  };
  /**
   * Five more failures on record for the keys matching `like` (an SQL LIKE pattern): the guesser kept going.
   * Each wait is then 32 s or more, so a slow machine cannot let it run out between two requests.
   */
  const keptGuessing = (like: string) => db.database.pool.query('UPDATE sign_in_failures SET failures = failures + 5 WHERE key LIKE $1', [like]);
  /** The clock moved on: every recorded failure is made older (the delays are counted from the last failure). */
  const elapse = (seconds: number) =>
    db.database.pool.query('UPDATE sign_in_failures SET last_failure_at = last_failure_at - make_interval(secs => $1)', [seconds]);

  it("behind a proxy without TRUST_PROXY (one address for everyone), a guesser is slowed, the admin's own browser is not, nor other accounts", async () => {
    await fresh();
    await t.http.post('/gantry/users').send({ name: 'bob', password: 'a sturdy passphrase' }).expect(201);
    const adminBrowser = supertest.agent(t.app.getHttpServer());
    const first = await adminBrowser.post('/gantry/auth').send({ password: t.adminPassword }).expect(200);
    expect(
      (first.headers['set-cookie'] as unknown as string[]).some((cookie) =>
        /^gantry_device=[A-Za-z0-9_-]{43}; .*Path=\/gantry\/auth; .*HttpOnly; SameSite=Strict/.test(cookie),
      ),
    ).toBe(true);

    await guess(FREE + 1, 'admin');
    await keptGuessing('pair:admin|%');
    expectWaiting(await from(null).send({ password: 'guess number 99' }));
    expectWaiting(await from(null).send({ password: t.adminPassword })); // while waiting the password is not even checked

    await adminBrowser.post('/gantry/auth').send({ password: t.adminPassword }).expect(200); // known device: its own count
    await supertest(t.app.getHttpServer()).post('/gantry/auth').send({ username: 'bob', password: 'a sturdy passphrase' }).expect(200); // another account
  });

  it("a neighbour using up the address's request budget does not keep the admin's known browser out", async () => {
    const own = await createTestDatabase(); // request budgets are counted in the database: none spent by the tests before
    ownDatabases.push(own);
    t = await createTestApp({ db: own, config: { loginAttemptsPerMinute: FREE, rateLimitPerMinute: 4 } });
    const adminBrowser = supertest.agent(t.app.getHttpServer());
    await adminBrowser.post('/gantry/auth').send({ password: t.adminPassword }).expect(200);
    const answers: number[] = [];
    for (let i = 0; i < 6; i += 1) answers.push((await from(null).send({ password: `guess number ${i}` })).status);
    expect(answers.at(-1)).toBe(429); // the address's budget (4 a minute) is spent
    const stranger = await from(null).send({ password: t.adminPassword });
    expect(stranger.status).toBe(429);
    expect(stranger.body).toMatchObject({ message: expect.stringMatching(/^Too many requests/) as unknown });
    await adminBrowser.post('/gantry/auth').send({ password: t.adminPassword }).expect(200); // its own count, not the address's budget
  });

  it('doubles the wait with each failure past the free ones, and a restart does not reset the count', async () => {
    await fresh();
    await t.http.post('/gantry/users').send({ name: 'erin', password: 'a sturdy passphrase' }).expect(201);
    await guess(FREE + 1, 'erin');
    await keptGuessing('pair:erin|%');
    const waits = [expectWaiting(await from(null).send({ username: 'erin', password: 'x' }))];
    for (const _ of [1, 2]) {
      await elapse(waits.at(-1) ?? 0);
      await guess(1, 'erin');
      waits.push(expectWaiting(await from(null).send({ username: 'erin', password: 'x' })));
    }
    expect(waits[0]).toBeGreaterThan(16);
    expect(waits[1]).toBeGreaterThan(waits[0] + 16); // about twice as long: 32 s, 64 s, 128 s
    expect(waits[2]).toBeGreaterThan(waits[1] + 32);

    await t.close();
    await fresh();
    expectWaiting(await from(null).send({ username: 'erin', password: 'a sturdy passphrase' }));
    await elapse(3600); // an hour without failures: forgotten
    await from(null).send({ username: 'erin', password: 'a sturdy passphrase' }).expect(200);
  });

  it('with TRUST_PROXY: a guesser at one address does not slow the owner at another; guessing from many addresses meets the account limit, which places the owner used before pass', async () => {
    await fresh('loopback');
    await t.http.post('/gantry/users').send({ name: 'frank', password: 'a sturdy passphrase' }).expect(201);
    await from('198.51.100.1').send({ username: 'frank', password: 'a sturdy passphrase' }).expect(200); // frank's usual address
    const franksLaptop = supertest.agent(t.app.getHttpServer());
    await franksLaptop.post('/gantry/auth').set('X-Forwarded-For', '198.51.100.2').send({ username: 'frank', password: 'a sturdy passphrase' }).expect(200);

    await guess(FREE + 1, 'frank', '203.0.113.1');
    await keptGuessing('pair:frank|%203.0.113.1');
    expectWaiting(await from('203.0.113.1').send({ username: 'frank', password: 'a sturdy passphrase' }));
    await from('192.0.2.10').send({ username: 'frank', password: 'a sturdy passphrase' }).expect(200); // a new address, under the account's limit

    // A botnet takes the account past its limit (SOFT failures in all), no address past its own.
    for (let failures = FREE + 1; failures <= SOFT; failures += 1) await guess(1, 'frank', `203.0.113.${100 + Math.floor(failures / FREE)}`);
    await keptGuessing('account:frank');
    expectWaiting(await from('192.0.2.11').send({ username: 'frank', password: 'a sturdy passphrase' })); // an unknown address now waits
    await from('198.51.100.1').send({ username: 'frank', password: 'a sturdy passphrase' }).expect(200); // an address frank signed in from before does not
    await franksLaptop.post('/gantry/auth').set('X-Forwarded-For', '203.0.113.100').send({ username: 'frank', password: 'a sturdy passphrase' }).expect(200); // nor his browser, wherever it is
  });

  it('one address trying many accounts meets the address limit; a known browser at that address still signs in', async () => {
    await fresh('loopback');
    await t.http.post('/gantry/users').send({ name: 'grace', password: 'a sturdy passphrase' }).expect(201);
    const gracesBrowser = supertest.agent(t.app.getHttpServer());
    await gracesBrowser.post('/gantry/auth').set('X-Forwarded-For', '203.0.113.50').send({ username: 'grace', password: 'a sturdy passphrase' }).expect(200);
    for (let failures = 0; failures <= SOFT; failures += 1) await guess(1, `someone${Math.floor(failures / FREE)}`, '203.0.113.50');
    await keptGuessing('address:%203.0.113.50');
    expectWaiting(await from('203.0.113.50').send({ username: 'grace', password: 'a sturdy passphrase' }));
    await gracesBrowser.post('/gantry/auth').set('X-Forwarded-For', '203.0.113.50').send({ username: 'grace', password: 'a sturdy passphrase' }).expect(200);
  });

  it('slows guessing of the current password on the change route too', async () => {
    await fresh();
    await t.http.post('/gantry/users').send({ name: 'heidi', password: 'a sturdy passphrase' }).expect(201);
    const heidi = t.as('heidi');
    for (let i = 0; i <= FREE; i += 1)
      await heidi
        .post('/gantry/auth/password')
        .send({ current: `guess ${i}`, next: 'another sturdy passphrase' })
        .expect(401);
    await keptGuessing('pair:heidi|%');
    expectWaiting(await heidi.post('/gantry/auth/password').send({ current: 'a sturdy passphrase', next: 'another sturdy passphrase' }));
  });
});

describe('Sign-in throttling across several Gantry processes on one database', () => {
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    first = await createTestApp({ db, config: { loginAttemptsPerMinute: FREE } });
    second = await createTestApp({ db, config: { loginAttemptsPerMinute: FREE } });
    await first.http.post('/gantry/users').send({ name: 'ivan', password: 'a sturdy passphrase' }).expect(201);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await db.drop();
  });

  const guessAt = (t: TestApp, i: number) => t.anonymous.post('/gantry/auth').send({ username: 'ivan', password: `guess number ${i}` });

  it('a limit reached through one process holds in the other, whose own count goes on from it', async () => {
    for (let i = 0; i <= FREE; i += 1) await guessAt(first, i).expect(401);
    await db.database.pool.query(`UPDATE sign_in_failures SET failures = failures + 5 WHERE key LIKE 'pair:ivan|%'`);
    expectWaiting(await guessAt(second, 99));
    expectWaiting(await second.anonymous.post('/gantry/auth').send({ username: 'ivan', password: 'a sturdy passphrase' }));
  });

  it('a burst of parallel guesses split over both processes gets one password check where the delays allow one, not one per request', async () => {
    // Twelve failures, the last one ten minutes ago: the wait after them (512 s) is over, so exactly one more attempt may be checked.
    await db.database.pool.query('DELETE FROM sign_in_failures');
    await guessAt(first, 0).expect(401);
    await db.database.pool.query(`UPDATE sign_in_failures SET failures = $1, last_failure_at = now() - interval '10 minutes' WHERE key LIKE 'pair:ivan|%'`, [
      FREE + 10,
    ]);
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => guessAt(i % 2 === 0 ? first : second, i)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const after = await db.database.pool.query<{ failures: number }>(`SELECT failures FROM sign_in_failures WHERE key LIKE 'pair:ivan|%'`);
    expect(after.rows[0]?.failures).toBe(FREE + 11); // the refused ones were not counted, the checked one was
  });
});
