import { Client, type Notification } from 'pg';
import { errorMessage } from '../kernel/error-message';

export type NotificationHandler = (payload: string) => void;

export interface NotificationsOptions {
  connectTimeoutMs: number;
  /** The first wait before connecting again after a loss; it doubles up to `maxRetryMs`. */
  minRetryMs?: number;
  maxRetryMs?: number;
  log?: (line: string) => void;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'gantry-notifications';

/** Something that runs SQL: a pool, a client in a transaction. */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

function checkedChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new TypeError(`"${channel}" is not a notification channel name (lower-case letters, digits, _)`);
  return channel;
}

/** Sends one notification through `on` (a pool, or a transaction's client: it is then delivered at commit, or never). */
export async function notify(on: Queryable, channel: string, payload: string): Promise<void> {
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new RangeError(`A notification payload must stay under 8000 bytes (${channel})`);
  await on.query('SELECT pg_notify($1, $2)', [checkedChannel(channel), payload]);
}

/**
 * PostgreSQL's LISTEN/NOTIFY for one process: one dedicated connection listens on every channel any part of
 * the process subscribed to, and hands each notification to that channel's subscribers. It connects on the
 * first subscription (a process that subscribes to nothing never opens it). When the connection is lost it
 * connects again with growing waits. Notifications sent while nobody listened are lost, so every `onResync`
 * callback is called each time the connection is (again) listening, for subscribers to forget or re-read what
 * they keep; a subscriber that caches should not trust its cache while `isListening` is false.
 */
export class DatabaseNotifications {
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly resyncs = new Set<() => void>();
  private readonly listening = new Set<string>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private connectedOnce = false;
  private closed = false;
  private synced: Promise<void> = Promise.resolve();
  private readonly connectedWaiters = new Set<() => void>();
  /** The round trip on the wire, and the one that starts when it ends (later callers join that one). */
  private barrier: Promise<void> | null = null;
  private queuedBarrier: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly options: NotificationsOptions,
  ) {
    this.retryMs = options.minRetryMs ?? 250;
  }

  /** Calls `handler` with the payload of every notification on `channel`; returns the unsubscribe. */
  subscribe(channel: string, handler: NotificationHandler): () => void {
    const name = checkedChannel(channel);
    const set = this.handlers.get(name) ?? new Set<NotificationHandler>();
    set.add(handler);
    this.handlers.set(name, set);
    this.start();
    this.sync();
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(name) === set) this.handlers.delete(name);
      this.sync();
    };
  }

  /** Called each time the connection starts listening, the first time and after a loss (notifications may have been missed); returns the unsubscribe. */
  onResync(callback: () => void): () => void {
    this.resyncs.add(callback);
    return () => this.resyncs.delete(callback);
  }

  /** Whether every subscribed channel is listened to on a live connection now. */
  get isListening(): boolean {
    return this.client !== null && [...this.handlers.keys()].every((channel) => this.listening.has(channel));
  }

  /** Resolves once the connection is up and every channel subscribed so far is listened to (for tests and start-up). */
  async whenListening(): Promise<void> {
    for (;;) {
      if (this.closed) throw new Error('The notifications connection is closed');
      await this.synced;
      if (this.isListening) return;
      await new Promise<void>((resolve) => this.connectedWaiters.add(resolve));
    }
  }

  /**
   * Resolves once every notification committed before this call has been handed to its subscribers: one round
   * trip on the listening connection, which PostgreSQL answers only after sending what was pending for it.
   * Callers at the same moment share a round trip (one begun before a call never counts for it). Rejects
   * when nothing listens.
   */
  caughtUp(): Promise<void> {
    const running = this.barrier;
    if (!running) return this.startBarrier();
    this.queuedBarrier ??= running
      .catch(() => undefined)
      .then(() => {
        this.queuedBarrier = null;
        return this.startBarrier();
      });
    return this.queuedBarrier;
  }

  private startBarrier(): Promise<void> {
    const client = this.client;
    const trip = client ? client.query('SELECT 1').then(() => undefined) : Promise.reject(new Error('Nothing listens for notifications now'));
    const running = trip.finally(() => {
      if (this.barrier === running) this.barrier = null;
    });
    this.barrier = running;
    return running;
  }

  notify(on: Queryable, channel: string, payload: string): Promise<void> {
    return notify(on, channel, payload);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeWaiters();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private start(): void {
    if (this.closed || this.client || this.connecting || this.retryTimer) return;
    this.connecting = this.connect()
      .catch((error: unknown) => this.retryLater(error))
      .finally(() => (this.connecting = null));
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on('notification', (message) => this.deliver(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      this.retryLater(error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening.clear();
    this.retryMs = this.options.minRetryMs ?? 250;
    const wasLost = this.connectedOnce;
    this.connectedOnce = true;
    this.sync();
    if (wasLost) this.options.log?.('[notifications] listening again after a lost connection');
    await this.synced; // listening before resyncing, so that no change falls between the two
    this.resyncs.forEach((callback) => callback());
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening.clear();
    client.removeAllListeners();
    client.on('error', () => undefined); // a late error on a connection given up must not crash the process
    void client.end().catch(() => undefined);
    if (!this.closed) this.retryLater(error);
  }

  private retryLater(error: unknown): void {
    if (this.closed || this.retryTimer) return;
    this.options.log?.(`[notifications] connection lost (${errorMessage(error)}); again in ${this.retryMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 5000);
  }

  /** LISTENs to subscribed channels not yet listened to, UNLISTENs the others; one change at a time. */
  private sync(): void {
    this.synced = this.synced
      .then(async () => {
        const client = this.client;
        if (!client) return;
        for (const channel of this.handlers.keys()) {
          if (!this.listening.has(channel)) await client.query(`LISTEN "${channel}"`).then(() => this.listening.add(channel));
        }
        for (const channel of [...this.listening]) {
          if (!this.handlers.has(channel)) await client.query(`UNLISTEN "${channel}"`).then(() => this.listening.delete(channel));
        }
      })
      .catch((error: unknown) => this.options.log?.(`[notifications] could not listen: ${errorMessage(error)}`))
      .finally(() => this.wakeWaiters());
  }

  private wakeWaiters(): void {
    const waiting = [...this.connectedWaiters];
    this.connectedWaiters.clear();
    waiting.forEach((wake) => wake());
  }

  private deliver(message: Notification): void {
    const handlers = this.handlers.get(message.channel);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(message.payload ?? '');
      } catch (error) {
        this.options.log?.(`[notifications] a subscriber of ${message.channel} failed: ${errorMessage(error)}`);
      }
    }
  }
}
