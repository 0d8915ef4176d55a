import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictException, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { ADMIN_NOTICE, ADMIN_SECRETS } from '../../src/auth/admin/admin-secrets';
import { ApiTokenStore } from '../../src/auth/tokens/api-token-store';
import { ADMIN_NAME } from '../../src/auth/users/user-name';
import { UsersService } from '../../src/auth/users/users.service';
import { loadConfig, type GantryConfig } from '../../src/config/gantry-config';
import { configureHttpApp } from '../../src/http/http-app';
import { authenticatedHttp, anonymousHttp, type Http } from './authenticated-http';
import { createTestDatabase, type TestDatabase } from './test-database';

export type { Http } from './authenticated-http';

export interface TestApp {
  app: NestExpressApplication;
  /**
   * Signed in as the admin with an API token. A request given `X-Gantry-Client: <name>` is sent as the
   * user <name> instead (made on first use): the other suites' way of acting as different owners.
   */
  http: Http;
  /** No credentials at all: the surface a stranger sees. */
  anonymous: Http;
  /** Signed in as this user (made with a token on first use; `admin` is the admin). */
  as(name: string): Http;
  /** The API token the test app uses for this user. */
  tokenFor(name: string): Promise<string>;
  /** GANTRY_PASSWORD as this app was given it (null when the test asked for a generated one). */
  adminPassword: string | null;
  /** What the app showed through ADMIN_NOTICE (a generated admin password, on a first start). */
  notices: string[];
  config: GantryConfig;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** An existing test database (e.g. to restart on the same data); a new one otherwise. */
  db?: TestDatabase;
  /** Rate limits default to out of the way (the security suite sets them); everything else as `gantry serve`. */
  config?: Partial<GantryConfig>;
  /** Replaces providers by token, e.g. the pipeline's step runners or ADMIN_SECRETS. */
  overrides?: Array<{ token: symbol | string; value: unknown }>;
  /** Receives every log line at every level (the secret-scan test); default: errors only, to the console. */
  logger?: LoggerService;
}

/** The whole Gantry HTTP app, as `gantry serve` builds it, on a real PostgreSQL test database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  // The read side inline: an app per test would otherwise start a worker thread of its own (the roles suite starts real ones).
  const base = loadConfig({ GANTRY_READ_SIDE: 'inline' }, mkdtempSync(join(tmpdir(), 'gantry-app-')));
  const config: GantryConfig = {
    ...base,
    databaseUrl: db.url,
    port: 0,
    rateLimitPerMinute: 1_000_000,
    publicRateLimitPerMinute: 1_000_000,
    loginAttemptsPerMinute: 10_000,
    ...options.config,
  };
  const adminPassword = randomBytes(18).toString('base64url');
  const notices: string[] = [];
  const overrides = [
    { token: ADMIN_SECRETS, value: { password: adminPassword, passwordHash: null } },
    { token: ADMIN_NOTICE, value: (lines: string[]) => notices.push(...lines) },
    ...(options.overrides ?? []),
  ];
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  for (const { token, value } of overrides) builder = builder.overrideProvider(token).useValue(value);
  if (options.logger) builder = builder.setLogger(options.logger);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: options.logger ?? ['error'] });
  configureHttpApp(app);
  await app.init();

  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (name: string): Promise<string> => {
    const key = name.toLowerCase();
    let token = tokens.get(key);
    if (!token) {
      token = issueToken(app, key);
      tokens.set(key, token);
    }
    return token;
  };
  const server = app.getHttpServer();
  const givenSecrets = options.overrides?.find((override) => override.token === ADMIN_SECRETS);
  return {
    app,
    http: authenticatedHttp(server, ADMIN_NAME, tokenFor),
    anonymous: anonymousHttp(server),
    as: (name) => authenticatedHttp(server, name, tokenFor),
    tokenFor,
    adminPassword: givenSecrets ? null : adminPassword,
    notices,
    config,
    db,
    close: async () => {
      await app.close();
    },
  };
}

/** A user (made if new, with a throwaway password) and an API token for them. */
async function issueToken(app: NestExpressApplication, name: string): Promise<string> {
  if (name !== ADMIN_NAME) {
    await app
      .get(UsersService, { strict: false })
      .add(name)
      .catch((error: unknown) => {
        if (!(error instanceof ConflictException)) throw error;
      });
  }
  return (await app.get(ApiTokenStore, { strict: false }).create(name, 'test-app')).token;
}
