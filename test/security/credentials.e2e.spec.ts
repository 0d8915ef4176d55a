import { ADMIN_SECRETS } from '../../src/auth/admin/admin-secrets';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import type { ErrorBody, TokenCreatedBody, TokenListBody } from '../support/bodies';
import type { Expected } from './support/expected';

const sessionOf = (response: { headers: Record<string, string | string[] | undefined> }): string => {
  const cookies = (response.headers['set-cookie'] ?? []) as string[];
  const session = cookies.find((cookie) => cookie.startsWith('gantry_session=') && !cookie.startsWith('gantry_session=;'));
  if (!session) throw new Error('no session cookie was set');
  return session.split(';')[0];
};

const adminPassword = (password: string) => ({ token: ADMIN_SECRETS, value: { password, passwordHash: null } });

describe('Changing a password ends every older session and token', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ overrides: [adminPassword('first admin passphrase')] })));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  const signIn = async (username: string, password: string) => sessionOf(await t.anonymous.post('/gantry/auth').send({ username, password }).expect(200));
  const works = async (credential: { cookie?: string; token?: string }) => {
    const request = t.anonymous.get('/gantry/auth/status');
    if (credential.cookie) request.set('Cookie', credential.cookie);
    if (credential.token) request.set('Authorization', `Bearer ${credential.token}`);
    return (await request).status === 200;
  };

  it('through POST /gantry/auth/password: current password required, rules stated, then only the new session lives', async () => {
    await t.http.post('/gantry/users').send({ name: 'alice', password: 'first passphrase of A' }).expect(201);
    const laptop = await signIn('alice', 'first passphrase of A');
    const phone = await signIn('alice', 'first passphrase of A');
    const token = ((await t.anonymous.post('/gantry/tokens').set('Cookie', laptop).send({ name: 'shortcut' }).expect(201)).body as TokenCreatedBody).token;
    const change = (body: object) => t.anonymous.post('/gantry/auth/password').set('Cookie', laptop).send(body);

    await t.anonymous.post('/gantry/auth/password').send({ current: 'first passphrase of A', next: 'second passphrase of A' }).expect(401);
    const wrong = await change({ current: 'not my password at all', next: 'a brand new passphrase' }).expect(401);
    expect(wrong.body).toMatchObject<Expected>({ message: 'The current password is wrong', speech: 'The current password is wrong.' });
    for (const next of ['short', 'aaaaaaaaaaaaaaaaaaaa', 'ALICE has a new password', 'first passphrase of A']) {
      const weak = await change({ current: 'first passphrase of A', next }).expect(422);
      expect(weak.body as ErrorBody).toMatchObject<Expected>({ statusCode: 422, message: expect.stringMatching(/password/), speech: expect.any(String) });
    }
    expect(((await change({ current: 'first passphrase of A', next: 'short' })).body as ErrorBody).message).toContain('at least 5 of them different');
    await change({ current: 'first passphrase of A' }).expect(400);
    await change({ current: 'first passphrase of A', next: 42 }).expect(400);
    expect([await works({ cookie: laptop }), await works({ cookie: phone }), await works({ token })]).toEqual([true, true, true]); // refusals changed nothing

    const changed = await change({ current: 'first passphrase of A', next: 'second passphrase of A' }).expect(200);
    expect(changed.body).toMatchObject<Expected>({ changed: true, speech: expect.stringContaining('Password changed') });
    const renewed = sessionOf(changed);
    expect(renewed).not.toBe(laptop);
    expect([await works({ cookie: renewed }), await works({ cookie: laptop }), await works({ cookie: phone }), await works({ token })]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    const tokens = (await t.anonymous.get('/gantry/tokens').set('Cookie', renewed).expect(200)).body as TokenListBody;
    expect(tokens.tokens.map((listed) => listed.revoked)).toEqual([true]);
    await t.anonymous.post('/gantry/auth').send({ username: 'alice', password: 'first passphrase of A' }).expect(401);
    await signIn('alice', 'second passphrase of A');
  });

  it('for a caller with an API token too: every token of theirs ends, the one used included', async () => {
    await t.http.post('/gantry/users').send({ name: 'carol', password: 'first passphrase of C' }).expect(201);
    const session = await signIn('carol', 'first passphrase of C');
    const token = ((await t.anonymous.post('/gantry/tokens').set('Cookie', session).send({ name: 'watch' }).expect(201)).body as TokenCreatedBody).token;
    const changed = await t.anonymous
      .post('/gantry/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ current: 'first passphrase of C', next: 'second passphrase of C' })
      .expect(200);
    expect(changed.headers['set-cookie']).toBeUndefined();
    expect([await works({ token }), await works({ cookie: session })]).toEqual([false, false]);
    expect(await works({ cookie: await signIn('carol', 'second passphrase of C') })).toBe(true);
    expect(await works({ token: await t.tokenFor('dave') })).toBe(true); // other users keep theirs
  });
});

describe('The admin password at restart (GANTRY_PASSWORD)', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  async function withApp<T>(password: string, use: (t: TestApp) => Promise<T>): Promise<T> {
    const t = await createTestApp({ db, overrides: [adminPassword(password)] });
    try {
      return await use(t);
    } finally {
      await t.close();
    }
  }
  const status = (t: TestApp, headers: Record<string, string>) => t.anonymous.get('/gantry/auth/status').set(headers);

  it('a new one ends every older admin session and token; the same one again leaves a password changed through the route alone', async () => {
    const { cookie, token } = await withApp('operator passphrase one', async (t) => {
      const signedIn = sessionOf(await t.anonymous.post('/gantry/auth').send({ password: 'operator passphrase one' }).expect(200));
      const created = (await t.anonymous.post('/gantry/tokens').set('Cookie', signedIn).send({ name: 'shortcut' }).expect(201)).body as TokenCreatedBody;
      return { cookie: signedIn, token: created.token };
    });
    const renewed = await withApp('operator passphrase one', async (t) => {
      await status(t, { Cookie: cookie }).expect(200); // the same setting: nothing ends
      await status(t, { Authorization: `Bearer ${token}` }).expect(200);
      const changed = await t.anonymous
        .post('/gantry/auth/password')
        .set('Cookie', cookie)
        .send({ current: 'operator passphrase one', next: 'the boss chose this one' })
        .expect(200);
      return sessionOf(changed);
    });
    await withApp('operator passphrase one', async (t) => {
      await status(t, { Cookie: renewed }).expect(200); // GANTRY_PASSWORD unchanged since it was applied: the admin's own change stands
      await t.anonymous.post('/gantry/auth').send({ password: 'the boss chose this one' }).expect(200);
      await t.anonymous.post('/gantry/auth').send({ password: 'operator passphrase one' }).expect(401);
    });
    await withApp('operator passphrase two', async (t) => {
      await status(t, { Cookie: renewed }).expect(401);
      await status(t, { Cookie: cookie }).expect(401);
      await status(t, { Authorization: `Bearer ${token}` }).expect(401);
      await t.anonymous.post('/gantry/auth').send({ password: 'the boss chose this one' }).expect(401);
      await t.anonymous.post('/gantry/auth').send({ password: 'operator passphrase two' }).expect(200);
    });
  });
});
