import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { withTimeout } from '../kernel/with-timeout';
import { DatabaseUnreachableError, describeDatabaseUrl } from './database-errors';
import { EmbeddedPostgresServer } from './embedded-postgres.server';
import { mergeSchema, type SchemaPart } from './schema-part';

export const DATABASE = Symbol('DATABASE');

export interface DatabaseOptions {
  /** Null: start the embedded server under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  timeoutMs: number;
  /** For CLI commands: use the embedded server a running `gantry serve` already has on `dataDir`. */
  attachToRunning?: boolean;
  log?: (line: string) => void;
  /** The tables every module keeps here (see SchemaPart). */
  schema: readonly SchemaPart[];
}

const MIGRATION_LOCK = 'SELECT pg_advisory_lock(hashtext($1))';
const MIGRATION_UNLOCK = 'SELECT pg_advisory_unlock(hashtext($1))';

/** The PostgreSQL that Gantry stores everything in: a connection pool, TypeORM for read models, and migrations. */
export class Database {
  private constructor(
    readonly url: string,
    readonly pool: Pool,
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgresServer | null,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== null;
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const attached = !options.databaseUrl && options.attachToRunning ? await EmbeddedPostgresServer.runningUrl(options.dataDir) : null;
    let url = options.databaseUrl ?? attached;
    let embedded: EmbeddedPostgresServer | null = null;
    if (!url) {
      embedded = new EmbeddedPostgresServer({ dataDir: options.dataDir, log: options.log });
      url = await embedded.start();
    }
    const pool = new Pool({ connectionString: url, connectionTimeoutMillis: options.timeoutMs, max: 10 });
    pool.on('error', (error) => options.log?.(`[database] idle client error: ${error.message}`));
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      ...mergeSchema(options.schema),
      migrationsTableName: 'schema_migrations',
      connectTimeoutMS: options.timeoutMs,
    });
    const database = new Database(url, pool, dataSource, embedded);
    try {
      await database.checkReachable(options.timeoutMs);
      await dataSource.initialize();
      await database.migrate();
      return database;
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  private async checkReachable(timeoutMs: number): Promise<void> {
    const where = describeDatabaseUrl(this.url);
    try {
      await withTimeout(this.pool.query('SELECT 1'), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    } catch (error) {
      throw new DatabaseUnreachableError(`Cannot reach PostgreSQL at ${where}: ${(error as Error).message}`);
    }
  }

  /** Runs pending migrations, one process at a time. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(MIGRATION_LOCK, ['gantry-migrations']);
      await this.dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await client.query(MIGRATION_UNLOCK, ['gantry-migrations']).catch(() => undefined);
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.pool.end().catch(() => undefined);
    await this.embedded?.stop();
  }
}
