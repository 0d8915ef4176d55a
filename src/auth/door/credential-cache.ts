import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseNotifications } from '../../database/notifications';
import type { AuthenticatedCaller } from './caller';

/** The channel every process listens on for credentials that end: its payload is the user's name. */
export const CREDENTIALS_CHANNEL = 'gantry_credentials';

/**
 * SQL that announces, in the statement that ends them, that a user's credentials changed: `$1` is the
 * channel, `ended` a CTE whose rows have the user's `name`; the statement answers those names. Inside a
 * transaction the notification is delivered at commit, or never.
 */
export const ANNOUNCE_ENDED = 'SELECT name, pg_notify($1, name) FROM ended';

export interface CredentialCacheOptions {
  /** How long a looked-up caller is trusted without asking the database again (the backstop for a lost notification). */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
  now: () => number;
}

export const CREDENTIAL_CACHE_OPTIONS = Symbol('CREDENTIAL_CACHE_OPTIONS');

const DEFAULTS: CredentialCacheOptions = { ttlMs: 5000, maxEntries: 10_000, now: Date.now };

/** What a lookup found: the caller, and until when the credential is valid at most (a session's expiry). */
export interface FoundCredential {
  caller: AuthenticatedCaller;
  validUntil?: number;
}

interface Entry {
  caller: AuthenticatedCaller;
  expiresAt: number;
}

/**
 * Who a session or API token names, remembered for a few seconds so that the door does not ask PostgreSQL
 * on every request. Every process listens on `gantry_credentials`: a token revoked, a session closed, a
 * password changed or a user removed, in any process (the CLI too), announces the user's name in the
 * statement that does it, and every process forgets that user's entries. Before a remembered caller is
 * trusted, the process makes sure it has heard every notice committed so far (`caughtUp`), so the request
 * after a revocation is refused wherever it lands. The TTL is the backstop for a notification lost between
 * a connection's death and its noticing; while the listening connection is down the cache is not used at
 * all, and when it comes back the cache starts empty. Only credentials that were found are remembered (a
 * wrong token always costs a lookup, and cannot fill the memory).
 */
@Injectable()
export class CredentialCache implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { epoch: number; loading: Promise<FoundCredential | null> }>();
  private readonly options: CredentialCacheOptions;
  /** Goes up on every forgetting: a lookup that began before one does not store what it found. */
  private epoch = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly notifications: DatabaseNotifications,
    @Optional() @Inject(CREDENTIAL_CACHE_OPTIONS) options?: Partial<CredentialCacheOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The caller `key` names, from memory while fresh, else from `load` (concurrent lookups of one key share one load). */
  async caller(key: string, load: () => Promise<FoundCredential | null>): Promise<AuthenticatedCaller | null> {
    this.listen();
    if (!this.notifications.isListening) return (await load())?.caller ?? null;
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.options.now() && (await this.caughtUp())) {
      const still = this.entries.get(key); // a notice handed over meanwhile has removed it
      if (still) return still.caller;
    } else if (entry) this.entries.delete(key);
    return (await this.loadOnce(key, load))?.caller ?? null;
  }

  /** Forgets every credential of the user in this process (the others hear it from the statement's notification). */
  forgetUser(name: string): void {
    this.epoch += 1;
    for (const [key, entry] of this.entries) if (entry.caller.name === name) this.entries.delete(key);
  }

  forgetAll(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /**
   * Whether every notice committed before now has been heard: a credential ended through another process
   * just before this request is then already forgotten. One shared round trip on the listening connection
   * (cheaper than the lookup: no pool, no join, shared by concurrent requests); false when nothing listens.
   */
  private caughtUp(): Promise<boolean> {
    return this.notifications.caughtUp().then(
      () => true,
      () => false,
    );
  }

  private loadOnce(key: string, load: () => Promise<FoundCredential | null>): Promise<FoundCredential | null> {
    const epoch = this.epoch;
    const pending = this.inFlight.get(key);
    if (pending?.epoch === epoch) return pending.loading; // a lookup begun before a forgetting is not shared with later requests
    const loading = load()
      .then((found) => {
        if (found && epoch === this.epoch && this.notifications.isListening) this.remember(key, found);
        return found;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.loading === loading) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { epoch, loading });
    return loading;
  }

  private remember(key: string, found: FoundCredential): void {
    const fresh = this.options.now() + this.options.ttlMs;
    this.entries.delete(key);
    this.entries.set(key, { caller: found.caller, expiresAt: Math.min(fresh, found.validUntil ?? fresh) });
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Subscribes on first use, so that a CLI command that never looks a caller up opens no listening connection. */
  private listen(): void {
    if (this.unsubscribe) return;
    const unsubscribeNotices = this.notifications.subscribe(CREDENTIALS_CHANNEL, (name) => this.forgetUser(name));
    const unsubscribeResync = this.notifications.onResync(() => this.forgetAll());
    this.unsubscribe = () => {
      unsubscribeNotices();
      unsubscribeResync();
    };
  }
}
