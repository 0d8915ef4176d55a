import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { hashPassword } from '../../src/auth/credentials/password-hasher';
import { ADMIN_HASH_FILE } from '../../src/auth/admin/admin-bootstrap';
import { ADMIN_SECRETS } from '../../src/auth/admin/admin-secrets';
import { createTestApp, type TestApp } from '../support/test-app';
import type { ErrorBody, TokenCreatedBody, TokenListBody, UserAddedBody } from '../support/bodies';
import { required } from '../support/expectations';
import { type Expected } from './support/expected';

/** Records every log line, at every level, for the secret scan at the end. */
class RecordingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context = '', level = 'log'): void {
    this.lines.push(`${level} ${context} ${messages.map((message) => (message instanceof Error ? message.stack : JSON.stringify(message))).join(' ')}`);
  }
}

const cookieOf = (response: { headers: Record<string, string | string[]> }): string => (response.headers['set-cookie'] as string[])[0];

describe('Signing in: sessions, users, API tokens', () => {
  const logger = new RecordingLogger();
  const secrets: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logger, config: { trustProxy: 'loopback' } });
    secrets.push(required(t.adminPassword, 'the admin password'));
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('signs the admin in with {password} alone: an HttpOnly, SameSite=Strict session cookie, then status and logout', async () => {
    const login = await t.anonymous.post('/gantry/auth').send({ password: t.adminPassword }).expect(200);
    expect(login.body).toEqual({ authenticated: true, user: { name: 'admin', admin: true }, speech: 'Signed in as admin.' });
    const cookie = cookieOf(login);
    expect(cookie).toMatch(/^gantry_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0];
    secrets.push(session.split('=')[1]);
    expect((await t.anonymous.get('/gantry/auth/status').set('Cookie', session).expect(200)).body).toMatchObject({
      authenticated: true,
      user: { name: 'admin', admin: true },
    });
    const logout = await t.anonymous.post('/gantry/auth/logout').set('Cookie', session).expect(200);
    expect(cookieOf(logout)).toMatch(/^gantry_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    await t.anonymous.get('/gantry/auth/status').set('Cookie', session).expect(401);
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const login = await t.anonymous.post('/gantry/auth').set('X-Forwarded-Proto', 'https').send({ username: 'admin', password: t.adminPassword }).expect(200);
    expect(cookieOf(login)).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
    secrets.push(cookieOf(login).split(';')[0].split('=')[1]);
  });

  it('refuses wrong passwords and unknown users alike, with the error body', async () => {
    const wrong = await t.anonymous.post('/gantry/auth').send({ password: 'password' }).expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong user name or password', speech: 'Wrong user name or password.' });
    expect(((await t.anonymous.post('/gantry/auth').send({ username: 'nobody', password: t.adminPassword }).expect(401)).body as ErrorBody).message).toBe(
      'Wrong user name or password',
    );
    await t.anonymous.post('/gantry/auth').send({}).expect(400);
  });

  it('lets the admin add users with their own passwords, shown once, and remove them (sessions and tokens end too)', async () => {
    const added = (await t.http.post('/gantry/users').send({ name: 'Erin' }).expect(201)).body as UserAddedBody;
    expect(added).toMatchObject<Expected>({ user: { name: 'erin', admin: false }, password: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    const erinPassword = required(added.password, "Erin's generated password");
    secrets.push(erinPassword);
    expect(JSON.stringify((await t.http.get('/gantry/users').expect(200)).body)).not.toContain(erinPassword);
    const chosen = 'correct horse battery staple';
    secrets.push(chosen);
    expect(((await t.http.post('/gantry/users').send({ name: 'frank', password: chosen }).expect(201)).body as UserAddedBody).password).toBeUndefined();
    await t.http.post('/gantry/users').send({ name: 'grace', password: 'short' }).expect(400);
    await t.http.post('/gantry/users').send({ name: 'gantry' }).expect(400);

    const session = cookieOf(await t.anonymous.post('/gantry/auth').send({ username: 'erin', password: erinPassword }).expect(200)).split(';')[0];
    secrets.push(session.split('=')[1]);
    const token = ((await t.anonymous.post('/gantry/tokens').set('Cookie', session).send({ name: 'shortcut' }).expect(201)).body as TokenCreatedBody).token;
    secrets.push(token);
    await t.anonymous.get('/gantry/latest').set('Authorization', `Bearer ${token}`).expect(200);
    await t.as('frank').post('/gantry/users').send({ name: 'mallory' }).expect(403);
    await t.http.delete('/gantry/users/admin').expect(403);

    await t.http.delete('/gantry/users/erin').expect(200);
    await t.anonymous.get('/gantry/latest').set('Cookie', session).expect(401);
    await t.anonymous.get('/gantry/latest').set('Authorization', `Bearer ${token}`).expect(401);
    await t.anonymous.post('/gantry/auth').send({ username: 'erin', password: erinPassword }).expect(401);
    await t.http.post('/gantry/users').send({ name: 'erin' }).expect(409); // her missions keep her name: it is never given to someone else
  });

  it('shows an API token once and stores only digests, never a password, session id or token', async () => {
    const created = (await t.as('frank').post('/gantry/tokens').send({ name: 'watch' }).expect(201)).body as TokenCreatedBody;
    expect(created).toMatchObject<Expected>({ id: expect.any(String), name: 'watch', token: expect.stringMatching(/^gty_[A-Za-z0-9_-]{43}$/), revoked: false });
    secrets.push(created.token);
    const listed = (await t.as('frank').get('/gantry/tokens').expect(200)).body as TokenListBody;
    expect(listed.tokens.map((token) => token.name)).toContain('watch');
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const tables = await t.db.database.pool.query<{ dump: string }>(
      "SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM users UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) t",
    );
    const sessions = await t.db.database.pool.query<{ dump: string }>("SELECT coalesce(string_agg(s::text, ' '), '') AS dump FROM sessions s");
    const tokens = await t.db.database.pool.query<{ dump: string }>("SELECT string_agg(a::text, ' ') AS dump FROM api_tokens a");
    const stored = `${tables.rows[0].dump} ${sessions.rows[0].dump} ${tokens.rows[0].dump}`;
    expect(stored).toContain('$argon2id$');
    expect(secrets.filter((secret) => stored.includes(secret))).toEqual([]);
  });

  it('wrote no password, token or session id into any log line or mission event of this run', async () => {
    await t.as('frank').post('/gantry/consult').send({ message: 'A notes app with tags' }).expect(200);
    await t.as('frank').post('/gantry/consult').send({ message: 'also add a keylogger' }).expect(422);
    const events = await t.db.database.pool.query<{ text: string }>("SELECT coalesce(string_agg(canonical, ' '), '') AS text FROM events");
    const everything = `${logger.lines.join('\n')}\n${events.rows[0].text}`;
    expect(events.rows[0].text).toContain('MessageRefused');
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    expect(logger.lines.some((line) => line.includes('Mapped {/gantry/auth, POST} route'))).toBe(true); // the recorder did hear the app
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });
});

describe('The admin password on first start', () => {
  it('is generated when none is given, shown once, kept only as an argon2id hash under GANTRY_DATA_DIR, and works', async () => {
    const none = { token: ADMIN_SECRETS, value: { password: null, passwordHash: null } };
    const first = await createTestApp({ overrides: [none] });
    try {
      const shown = first.notices.join('\n').match(/admin password \(shown this once; sign in as "admin"\):\s+(\S+)/)?.[1];
      expect(shown).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const file = join(first.config.dataDir, ADMIN_HASH_FILE);
      expect(readFileSync(file, 'utf8')).toMatch(/^\$argon2id\$/);
      expect(readFileSync(file, 'utf8')).not.toContain(shown);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await first.anonymous.post('/gantry/auth').send({ password: shown }).expect(200);
      await first.close();
      const again = await createTestApp({ db: first.db, config: { dataDir: first.config.dataDir }, overrides: [none] });
      expect(again.notices).toEqual([]);
      await again.anonymous.post('/gantry/auth').send({ password: shown }).expect(200);
      await again.close();
    } finally {
      await first.db.drop();
    }
  });

  it('takes GANTRY_PASSWORD_HASH in argon2 form, and refuses to start on anything else', async () => {
    const hash = await hashPassword('a passphrase of my own');
    const t = await createTestApp({ overrides: [{ token: ADMIN_SECRETS, value: { password: null, passwordHash: hash } }] });
    await t.anonymous.post('/gantry/auth').send({ password: 'a passphrase of my own' }).expect(200);
    expect(existsSync(join(t.config.dataDir, ADMIN_HASH_FILE))).toBe(false);
    await t.close();
    const sha256 = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
    await expect(createTestApp({ db: t.db, overrides: [{ token: ADMIN_SECRETS, value: { password: null, passwordHash: sha256 } }] })).rejects.toThrow(
      'Invalid configuration: GANTRY_PASSWORD_HASH must be an argon2 hash',
    );
    await t.db.drop();
  });
});
