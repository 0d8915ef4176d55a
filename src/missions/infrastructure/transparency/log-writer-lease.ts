import { Client } from 'pg';

const LOCK = 'SELECT pg_try_advisory_lock(hashtext($1)) AS held';
const LOCK_NAME = 'gantry-transparency-log-writer';

/**
 * The right to write the log, across every process on the database: a session advisory lock held on a
 * connection of its own. The integrator writes only through this connection, so if the holder dies (or its
 * connection drops) its writes die with the lock and another process takes over on its next try.
 */
export class LogWriterLease {
  private client: Client | null = null;
  private acquiring: Promise<Client | null> | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get held(): boolean {
    return this.client !== null;
  }

  /** The connection that holds the lock, trying once to take it; null while another process holds it. */
  async connection(): Promise<Client | null> {
    if (this.client) return this.client;
    this.acquiring ??= this.tryAcquire().finally(() => (this.acquiring = null));
    return this.acquiring;
  }

  /** After a failed write: the connection may be broken, so let it go (the lock goes with it) and try again later. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async tryAcquire(): Promise<Client | null> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('error', (error) => {
      this.log(`log writer connection lost: ${error.message}`);
      if (this.client === client) this.client = null;
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ held: boolean }>(LOCK, [LOCK_NAME]);
      if (rows[0]?.held) {
        this.client = client;
        return client;
      }
    } catch (error) {
      this.log(`could not try the log writer lock: ${(error as Error).message}`);
    }
    await client.end().catch(() => undefined);
    return null;
  }
}
