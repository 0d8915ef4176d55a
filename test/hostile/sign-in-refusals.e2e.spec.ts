import * as argon2 from 'argon2';
import { Client } from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';
import type { Expected } from '../security/support/expected';

const FREE = 2;

describe('A throttled sign-in guess is refused before its password is hashed, and cheaply', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ config: { loginAttemptsPerMinute: FREE } });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  const guess = (password: string) => t.anonymous.post('/gantry/auth').send({ username: 'admin', password });

  it('answers 429 without a password check, with one read of the limits and nothing written', async () => {
    for (let index = 0; index < FREE; index += 1) await guess(`guess ${index}`).expect(401);
    // The guesser kept going: every key of this place waits two minutes or more, longer than any slow machine takes here.
    await t.db.database.pool.query('UPDATE sign_in_failures SET failures = failures + 8');
    const before = (await t.db.database.pool.query('SELECT key, failures, last_failure_at FROM sign_in_failures ORDER BY key')).rows;

    const verify = jest.spyOn(argon2, 'verify');
    const query = jest.spyOn(Client.prototype, 'query');
    const refused = await guess('another guess');
    const statements = query.mock.calls
      .map(([text]) => (typeof text === 'string' ? text : ((text as { text?: string }).text ?? '')))
      .filter((text) => text.includes('sign_in_failures') || /^(BEGIN|COMMIT)/.test(text));

    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject<Expected>({ statusCode: 429, message: expect.stringMatching(/try again in \d+ seconds/), speech: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(60);
    expect(verify).not.toHaveBeenCalled();
    expect(statements).toHaveLength(1); // no transaction, no lock, no write
    expect(statements[0]).toMatch(/^SELECT .* FROM sign_in_failures WHERE key = ANY/);
    const after = (await t.db.database.pool.query('SELECT key, failures, last_failure_at FROM sign_in_failures ORDER BY key')).rows;
    expect(after).toEqual(before);
  });

  it('refuses the right password from that place the same way: no check while it waits', async () => {
    const verify = jest.spyOn(argon2, 'verify');
    const refused = await guess(t.adminPassword ?? '');
    expect(refused.status).toBe(429);
    expect(verify).not.toHaveBeenCalled();
  });
});
