import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadConfig, type GantryConfig } from '../../src/config/gantry-config';
import { configureHttpApp } from '../../src/http-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof supertest>;
  config: GantryConfig;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** An existing test database (e.g. to restart on the same data); a new one otherwise. */
  db?: TestDatabase;
  config?: Partial<GantryConfig>;
  /** Replaces providers by token, e.g. the pipeline's step runners. */
  overrides?: Array<{ token: symbol | string; value: unknown }>;
}

/** The whole Gantry HTTP app, as `gantry serve` builds it, on a real PostgreSQL test database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config: GantryConfig = {
    ...loadConfig({}, mkdtempSync(join(tmpdir(), 'gantry-app-'))),
    databaseUrl: db.url,
    port: 0,
    ...options.config,
  };
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  for (const { token, value } of options.overrides ?? []) builder = builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureHttpApp(app);
  await app.init();
  return {
    app,
    http: supertest(app.getHttpServer()),
    config,
    db,
    close: async () => {
      await app.close();
    },
  };
}
