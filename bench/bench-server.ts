import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer } from '../src/database/embedded-postgres.server';
import { errorMessage } from '../src/kernel/error-message';

/**
 * One PostgreSQL server for the whole run: `DATABASE_URL` when set, else an embedded server in a fresh
 * temporary directory. Each store gets its own database on it, dropped (or thrown away) at the end.
 */
export class BenchServer {
  private readonly created: string[] = [];

  private constructor(
    readonly adminUrl: string,
    /** The embedded server and its temporary data directory; null when running on `DATABASE_URL`. */
    private readonly embedded: { server: EmbeddedPostgresServer; dataDir: string } | null,
  ) {}

  get description(): string {
    const url = new URL(this.adminUrl);
    return this.embedded ? `embedded PostgreSQL (${url.host}, data in ${this.embedded.dataDir})` : `DATABASE_URL (${url.host})`;
  }

  static async start(): Promise<BenchServer> {
    const given = process.env.DATABASE_URL;
    if (given) return new BenchServer(given, null);
    const dataDir = mkdtempSync(join(tmpdir(), 'gantry-bench-pg-'));
    const embedded = new EmbeddedPostgresServer({ dataDir });
    try {
      return new BenchServer(await embedded.start(), { server: embedded, dataDir });
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  private async asAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** A new empty database on the server; returns its URL. */
  async createDatabase(prefix: string): Promise<string> {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    await this.asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    this.created.push(name);
    // Per-function timings for the append functions; needs superuser, so the figures are n/a without it.
    await this.asAdmin((client) => client.query(`ALTER DATABASE ${name} SET track_functions = 'pl'`)).catch(() => undefined);
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async serverVersion(): Promise<string> {
    return this.asAdmin(async (client) => (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  }

  /** The server's current WAL position, in bytes (for WAL written per append). */
  async walPosition(): Promise<bigint> {
    return this.asAdmin(async (client) => {
      const { rows } = await client.query<{ lsn: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn");
      return BigInt(rows[0].lsn);
    });
  }

  /** Total on-disk size (heap, indexes, TOAST, all partitions) of the named tables in one database. */
  async tableBytes(databaseUrl: string, tables: string[]): Promise<number> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ bytes: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c
         WHERE c.relkind = 'r' AND (c.relname = ANY($1) OR c.oid IN (
           SELECT tree.relid FROM unnest($1::text[]) AS t(name), pg_partition_tree(t.name::regclass) AS tree))`,
        [tables],
      );
      return Number(rows[0].bytes);
    } finally {
      await client.end();
    }
  }

  /** Distinct index names on a table (on its leaf partitions, for a partitioned one). */
  async indexNames(databaseUrl: string, table: string): Promise<string[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ definition: string }>(
        `SELECT DISTINCT regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS definition FROM pg_index i
         WHERE i.indrelid = $1::regclass OR i.indrelid IN (SELECT relid FROM pg_partition_tree($1::regclass) WHERE isleaf)
         ORDER BY 1`,
        [table],
      );
      return rows.map((row) => row.definition);
    } finally {
      await client.end();
    }
  }

  /** Flushes dirty pages so that a checkpoint does not land in the middle of a measurement (needs superuser). */
  async checkpoint(): Promise<void> {
    await this.asAdmin((client) => client.query('CHECKPOINT')).catch(() => undefined);
  }

  /**
   * pg's Pool.end() resolves before its sockets are closed; a connection still open when the server stops
   * (or its database is dropped) gets a FATAL that nothing handles, and the process dies. So wait for them.
   */
  private async waitForDisconnect(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const open = await this.asAdmin(async (client) => {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1)', [this.created]);
        return rows[0].n;
      });
      if (open === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    await this.waitForDisconnect(5000).catch(() => undefined);
    if (this.embedded) {
      await this.embedded.server.stop();
      rmSync(this.embedded.dataDir, { recursive: true, force: true });
      return;
    }
    for (const name of this.created) {
      await this.asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch((error: unknown) => {
        console.error(`could not drop benchmark database ${name}: ${errorMessage(error)}`);
      });
    }
  }
}
