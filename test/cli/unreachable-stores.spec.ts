import { createServer, type Server } from 'node:net';
import { runGantry } from '../support/gantry-process';
import { createTestDatabase } from '../support/test-database';

/** A server that accepts connections and never says a word: the worst kind of unreachable. */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

describe('unreachable stores give a clear error instead of a hang', () => {
  it('names the PostgreSQL it could not reach, without its password', async () => {
    const result = await runGantry(['audit', 'verify', 'x'], { DATABASE_URL: 'postgres://gantry:hunter2@127.0.0.1:1/gantry' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^gantry: Cannot reach PostgreSQL at 127\.0\.0\.1:1\/gantry: .*ECONNREFUSED/);
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('gives up on a PostgreSQL that accepts and never answers, after the store timeout', async () => {
    const { port, server } = await silentServer();
    try {
      const result = await runGantry(['audit', 'verify', 'x'], {
        DATABASE_URL: `postgres://gantry:pw@127.0.0.1:${port}/gantry`,
        GANTRY_STORE_TIMEOUT_MS: '1500',
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toMatch(new RegExp(`^gantry: Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/gantry: .*(timeout|1500 ms)`, 'i'));
    } finally {
      server.close();
    }
  });

  it('gives up on an EventStoreDB that accepts and never answers, naming it without credentials', async () => {
    const { port, server } = await silentServer();
    const db = await createTestDatabase();
    try {
      const result = await runGantry(['audit', 'verify', 'x'], {
        DATABASE_URL: db.url,
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: `esdb://admin:changeit@127.0.0.1:${port}?tls=false`,
        GANTRY_STORE_TIMEOUT_MS: '1500',
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toMatch(new RegExp(`^gantry: EventStoreDB at esdb://127\\.0\\.0\\.1:${port}\\?tls=false did not answer within 1500 ms`));
      expect(result.stderr).not.toContain('changeit');
    } finally {
      server.close();
      await db.drop();
    }
  });
});
