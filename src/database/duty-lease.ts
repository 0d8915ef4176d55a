import { Client } from 'pg';

const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtext($1)) AS held';

export interface DutyLeaseOptions {
  /** A standby tries the lock at most this often (so failover takes about this long after the holder's connection closes). */
  retryMs?: number;
  log?: (line: string) => void;
}

/**
 * The right to run one singleton duty (the projections, the log writer, the audit export, a reaper...)
 * among every process on the database: a session advisory lock held on a connection of its own. When the
 * holder dies (even by SIGKILL) PostgreSQL closes its session and the lock goes with it; a standby takes
 * it on its next try, at most `retryMs` later. A standby keeps its connection open between tries, so
 * waiting costs one query per try, not a connection. Work that must be fenced (the log writer's) goes
 * through `connection()`, so it dies with the lock.
 */
export class DutyLease {
  private client: Client | null = null;
  private holding = false;
  private acquiring: Promise<Client | null> | null = null;
  private nextTryAt = 0;
  private closed = false;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;
  private readonly lostListeners = new Set<() => void>();

  constructor(
    private readonly databaseUrl: string,
    /** The lock's name: one duty, one name, in every process. */
    readonly name: string,
    options: DutyLeaseOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1000;
    this.log = options.log ?? (() => undefined);
  }

  get held(): boolean {
    return this.holding;
  }

  /** The connection that holds the lock, trying to take it when a try is due; null while another process holds it. */
  async connection(): Promise<Client | null> {
    if (this.holding) return this.client;
    if (this.closed || Date.now() < this.nextTryAt) return null;
    this.acquiring ??= this.tryAcquire().finally(() => (this.acquiring = null));
    return this.acquiring;
  }

  /** True once this process holds the duty (trying when a try is due). */
  async hold(): Promise<boolean> {
    return (await this.connection()) !== null;
  }

  /** Called when a held lease is lost (its connection broke): whatever ran under it must stop. */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Lets the lock go (by closing its connection, which may be broken), so another process takes over at once. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.holding = false;
    this.nextTryAt = 0;
    await client?.end().catch(() => undefined);
  }

  /** At shutdown: lets the lock go and never tries again. */
  async close(): Promise<void> {
    this.closed = true;
    await this.release();
  }

  private async tryAcquire(): Promise<Client | null> {
    this.nextTryAt = Date.now() + this.retryMs;
    try {
      const client = this.client ?? (await this.connect());
      const { rows } = await client.query<{ held: boolean }>(TRY_LOCK, [this.name]);
      this.holding = rows.some((row) => row.held) && this.client === client && !this.closed;
      if (this.closed) await this.release();
      return this.holding ? client : null;
    } catch (error) {
      this.log(`could not try the ${this.name} lock: ${(error as Error).message}`);
      await this.dropConnection();
      return null;
    }
  }

  private async connect(): Promise<Client> {
    // Named, so that an operator (or a check for leftovers) sees which connections hold duties.
    const client = new Client({ connectionString: this.databaseUrl, application_name: `gantry ${this.name} pid ${process.pid}`.slice(0, 63) });
    client.on('error', (error) => {
      if (this.client !== client) return;
      if (this.holding) this.log(`${this.name} lease lost: ${error.message}`);
      void this.dropConnection();
    });
    client.on('end', () => {
      if (this.client === client) void this.dropConnection();
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      if (this.client === client) this.client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private async dropConnection(): Promise<void> {
    const client = this.client;
    const wasHeld = this.holding;
    this.client = null;
    this.holding = false;
    if (wasHeld) this.lostListeners.forEach((listener) => listener());
    await client?.end().catch(() => undefined);
  }
}

/** This process's leases, one per duty name (`gantry-duty:<name>` as the lock), released together at shutdown. */
export class DutyLeases {
  private readonly leases = new Map<string, DutyLease>();

  constructor(
    private readonly databaseUrl: string,
    private readonly options: DutyLeaseOptions = {},
  ) {}

  duty(name: string): DutyLease {
    let lease = this.leases.get(name);
    if (!lease) {
      lease = new DutyLease(this.databaseUrl, `gantry-duty:${name}`, this.options);
      this.leases.set(name, lease);
    }
    return lease;
  }

  /** The duties this process holds now (health, tests, logs). */
  held(): string[] {
    return [...this.leases.entries()].filter(([, lease]) => lease.held).map(([name]) => name);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.leases.values()].map((lease) => lease.close()));
  }
}
