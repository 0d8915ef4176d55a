import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';

declare global {
  var __GANTRY_TEST_PG__: EmbeddedPostgresServer | undefined;
}

/**
 * One real PostgreSQL for the whole run: `DATABASE_URL` when given, else an embedded server in a fresh
 * temporary directory. Suites each make their own database on it (test/support/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  process.stdout.write(`\njest runs on node ${process.version}\n`);
  if (process.env.DATABASE_URL) {
    process.env.GANTRY_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const server = new EmbeddedPostgresServer({ dataDir: mkdtempSync(join(tmpdir(), 'gantry-test-pg-')) });
  process.env.GANTRY_TEST_ADMIN_URL = await server.start();
  globalThis.__GANTRY_TEST_PG__ = server;
}
