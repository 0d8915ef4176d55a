import { runCli } from '../../src/cli/main';
import { usersCommand } from '../../src/cli/commands/users.command';
import { loadConfig } from '../../src/config/gantry-config';
import { UserStore } from '../../src/auth/users/user-store';
import { UsersService } from '../../src/auth/users/users.service';
import { CredentialCache } from '../../src/auth/door/credential-cache';
import { DatabaseNotifications } from '../../src/database/notifications';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { required } from '../support/expectations';

describe('gantry users', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
  }
  // The cache's listening connection opens on its first lookup, which these tests never make.
  const users = () => new UsersService(new UserStore(db.database, new CredentialCache(new DatabaseNotifications(db.url, { connectTimeoutMs: 5000 }))));

  it('adds a user with a generated password printed once, which then signs them in', async () => {
    const { io, out } = capture();
    expect(await runCli(['users', 'add', 'Zoe'], io, { DATABASE_URL: db.url })).toBe(0);
    const passwordLine = out.find((line) => line.startsWith('Password (shown this once): '));
    const password = required(passwordLine, 'the line with the password').split(': ')[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await users().verifyLogin('zoe', password))?.name).toBe('zoe');
  });

  it('reads a chosen password from stdin instead, and never prints it', async () => {
    const { io, out } = capture();
    const config = loadConfig({ DATABASE_URL: db.url });
    expect(await usersCommand(config, ['add', 'yann', '--password-stdin'], io, async () => 'a long enough secret\n')).toBe(0);
    expect(out).toEqual(['Added yann.']);
    expect((await users().verifyLogin('yann', 'a long enough secret'))?.name).toBe('yann');
  });

  it('lists and removes users, and says what is wrong in one line', async () => {
    const listed = capture();
    expect(await runCli(['users', 'list'], listed.io, { DATABASE_URL: db.url })).toBe(0);
    expect(listed.out).toEqual(expect.arrayContaining(['zoe', 'yann']));
    const taken = capture();
    expect(await runCli(['users', 'add', 'zoe'], taken.io, { DATABASE_URL: db.url })).toBe(2);
    expect(taken.err).toEqual(['gantry: The name zoe is taken (names of removed users are not reused)']);
    expect(await runCli(['users', 'remove', 'zoe'], capture().io, { DATABASE_URL: db.url })).toBe(0);
    expect(await users().verifyLogin('zoe', 'anything at all')).toBeNull();
  });
});
