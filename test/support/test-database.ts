import { GANTRY_SCHEMA } from '../../src/gantry-schema';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../src/database/database';
import type { SchemaPart } from '../../src/database/schema-part';

function adminUrl(): string {
  const url = process.env.GANTRY_TEST_ADMIN_URL;
  if (!url) throw new Error('GANTRY_TEST_ADMIN_URL is unset: run the tests through jest (test/support/global-setup.ts)');
  return url;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** A new, migrated database on the test server, so that suites never see each other's rows (`schema`: only these parts, for migration tests). */
export async function createTestDatabase(schema: readonly SchemaPart[] = GANTRY_SCHEMA): Promise<TestDatabase> {
  const name = `gantry_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const database = await Database.open({ databaseUrl: url.toString(), dataDir: '/nonexistent', timeoutMs: 10_000, schema });
  return {
    url: url.toString(),
    database,
    drop: async () => {
      await database.close();
      await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
