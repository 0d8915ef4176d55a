import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LISTENER_APPLICATION_NAME } from '../../src/database/notifications';
import { required } from '../support/expectations';
import { runGantry, startGantry, waitForOnline } from '../support/gantry-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const PASSWORD = 'revocation across processes';
const BOB_PASSWORD = 'quiet harbour lantern 42';
const CAROL_PASSWORD = 'amber falcon orchard 77';

interface Server {
  base: string;
  get(path: string, headers: Record<string, string>): Promise<number>;
  post(path: string, headers: Record<string, string>, body?: object): Promise<Response>;
}

function serverAt(port: number): Server {
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    get: async (path, headers) => (await fetch(`${base}${path}`, { headers })).status,
    post: (path, headers, body = {}) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  };
}

async function signIn(server: Server, username: string, password: string): Promise<Record<string, string>> {
  const response = await server.post('/gantry/auth', {}, { username, password });
  expect(response.status).toBe(200);
  return { cookie: required(response.headers.get('set-cookie'), 'a session cookie').split(';')[0] };
}

async function newToken(server: Server, as: Record<string, string>, name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const response = await server.post('/gantry/tokens', as, { name });
  expect(response.status).toBe(201);
  const { id, token } = (await response.json()) as { id: string; token: string };
  return { id, headers: { authorization: `Bearer ${token}` } };
}

/**
 * Two real `gantry serve` processes on one PostgreSQL, each with its own data directory and its own
 * credential cache. A credential ended through one (or through the CLI, a third process) is refused by the
 * other on the very next request, although the other has just served it from its cache.
 */
describe('revocation across processes', () => {
  let db: TestDatabase;
  const dirs: string[] = [];
  const children: Array<ReturnType<typeof startGantry>> = [];
  let a: Server;
  let b: Server;

  async function listeners(): Promise<number> {
    const { rows } = await db.database.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [LISTENER_APPLICATION_NAME],
    );
    return Number(rows[0]?.n);
  }

  /** Both processes listen (each opened its listening connection on its first lookup), so both serve from their caches. */
  async function bothListening(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await listeners()) < 2) {
      if (Date.now() > deadline) throw new Error('the two servers did not both listen for credential notices');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Makes the credential cached in `server` (a lookup while it listens; its first lookup opens the connection) and checks it is accepted. */
  async function servedFromCache(server: Server, headers: Record<string, string>): Promise<void> {
    expect(await server.get('/gantry/tokens', headers)).toBe(200);
    await bothListening();
    expect(await server.get('/gantry/tokens', headers)).toBe(200);
    expect(await server.get('/gantry/tokens', headers)).toBe(200);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const start = async (): Promise<Server> => {
      const dataDir = mkdtempSync(join(tmpdir(), 'gantry-revoke-'));
      dirs.push(dataDir);
      const child = startGantry(['serve'], { PORT: '0', GANTRY_DATA_DIR: dataDir, DATABASE_URL: db.url, GANTRY_PASSWORD: PASSWORD });
      children.push(child);
      return serverAt(await waitForOnline(child));
    };
    [a, b] = await Promise.all([start(), start()]);
    const admin = await signIn(a, 'admin', PASSWORD);
    expect((await a.post('/gantry/users', admin, { name: 'bob', password: BOB_PASSWORD })).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGTERM');
      await child.output;
    }
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    await db.drop();
  }, 60_000);

  it('refuses in B, on the next request, an API token revoked through A', async () => {
    const admin = await signIn(a, 'admin', PASSWORD);
    const token = await newToken(a, admin, 'revoked through A');
    await servedFromCache(b, token.headers);
    const revoked = await fetch(`${a.base}/gantry/tokens/${token.id}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    expect(await b.get('/gantry/tokens', token.headers)).toBe(401);
    expect(await a.get('/gantry/tokens', token.headers)).toBe(401);
  });

  it('refuses in B a session signed out through A', async () => {
    const session = await signIn(a, 'admin', PASSWORD);
    await servedFromCache(b, session);
    expect((await a.post('/gantry/auth/logout', session)).status).toBe(200);
    expect(await b.get('/gantry/tokens', session)).toBe(401);
  });

  it("refuses in A every session and token of a user whose password was changed through B, and keeps other users' credentials", async () => {
    const bob = await signIn(b, 'bob', BOB_PASSWORD);
    const bobToken = await newToken(b, bob, 'ended by a password change');
    const admin = await signIn(b, 'admin', PASSWORD);
    await servedFromCache(a, bob);
    await servedFromCache(a, bobToken.headers);
    await servedFromCache(a, admin);
    const changed = await b.post('/gantry/auth/password', bobToken.headers, { current: BOB_PASSWORD, next: `${BOB_PASSWORD}, changed` });
    expect(changed.status).toBe(200);
    expect(await a.get('/gantry/tokens', bobToken.headers)).toBe(401);
    expect(await a.get('/gantry/tokens', bob)).toBe(401);
    expect(await a.get('/gantry/tokens', admin)).toBe(200);
  });

  it('refuses in both servers the credentials of a user removed by the CLI, a third process', async () => {
    const admin = await signIn(a, 'admin', PASSWORD);
    expect((await a.post('/gantry/users', admin, { name: 'carol', password: CAROL_PASSWORD })).status).toBe(201);
    const carol = await signIn(b, 'carol', CAROL_PASSWORD);
    const carolToken = await newToken(a, carol, 'ended by removal');
    await servedFromCache(a, carol);
    await servedFromCache(b, carolToken.headers);
    const removed = await runGantry(['users', 'remove', 'carol'], { DATABASE_URL: db.url });
    expect(removed.code).toBe(0);
    expect(await a.get('/gantry/tokens', carol)).toBe(401);
    expect(await b.get('/gantry/tokens', carolToken.headers)).toBe(401);
  });
});
