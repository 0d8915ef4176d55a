import { chmodSync, cpSync, lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';
import { PostgresStartError, shippedPostgresDir } from '../../src/database/native-postgres';

/**
 * Root in a private directory (a clone under /root, 0700): the postgres user can reach neither the binaries
 * in node_modules nor ./data. CI runs as root, as the users do.
 */
describe('The embedded PostgreSQL, started by root from a directory only root can enter', () => {
  const base = mkdtempSync(join(tmpdir(), 'gantry-private-'));
  chmodSync(base, 0o755); // like /var/lib: the shared root must be reachable, the clone inside it is not
  const privateDir = join(base, 'clone');
  const shared = join(base, 'shared');

  beforeAll(() => {
    expect(process.getuid?.()).toBe(0);
    cpSync(shippedPostgresDir(), join(privateDir, 'node_modules', 'postgres'), { recursive: true });
    chmodSync(privateDir, 0o700);
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('copies the binaries and the cluster where the postgres user can reach them, and answers queries', async () => {
    const dataDir = join(privateDir, 'data');
    const server = new EmbeddedPostgresServer({ dataDir, postgresDir: join(privateDir, 'node_modules', 'postgres'), sharedRoot: shared });
    const url = await server.start();
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      expect((await client.query<{ answer: number }>('SELECT 6 * 7 AS answer')).rows).toEqual([{ answer: 42 }]);
      await client.end();
      // ./data/postgres is a link to the cluster under the shared root, which the postgres user owns.
      expect(lstatSync(join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
      const cluster = readlinkSync(join(dataDir, 'postgres'));
      expect(cluster.startsWith(join(shared, 'clusters'))).toBe(true);
      expect(statSync(cluster).uid).not.toBe(0);
      expect(statSync(join(shared)).mode & 0o777).toBe(0o755);
    } finally {
      await server.stop();
    }
    // A second start reuses both the copied binaries and the cluster.
    const again = new EmbeddedPostgresServer({ dataDir, postgresDir: join(privateDir, 'node_modules', 'postgres'), sharedRoot: shared });
    await again.start();
    await again.stop();
  });

  it('fails to start with one sentence, not an unhandled error, when there is no PostgreSQL to run', async () => {
    const server = new EmbeddedPostgresServer({ dataDir: join(privateDir, 'other-data'), postgresDir: join(privateDir, 'nothing-here'), sharedRoot: shared });
    const failure = await server.start().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PostgresStartError);
    expect((failure as Error).message).toMatch(
      /^The embedded PostgreSQL could not be set up in .*other-data: .*; set DATABASE_URL to use your own PostgreSQL$/,
    );
    expect((failure as Error).message).not.toContain('\n');
  });
});
