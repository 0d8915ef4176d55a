import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseNotifications } from '../../database/notifications';
import { ForgettingCache, type ForgettingCacheOptions } from '../../kernel/forgetting-cache';
import type { AuthenticatedCaller } from './caller';

/** The channel every process listens on for credentials that end: its payload is the user's name. */
export const CREDENTIALS_CHANNEL = 'gantry_credentials';

/**
 * SQL that announces, in the statement that ends them, that a user's credentials changed: `$1` is the
 * channel, `ended` a CTE whose rows have the user's `name`; the statement answers those names. Inside a
 * transaction the notification is delivered at commit, or never.
 */
export const ANNOUNCE_ENDED = 'SELECT name, pg_notify($1, name) FROM ended';

export type CredentialCacheOptions = ForgettingCacheOptions;

export const CREDENTIAL_CACHE_OPTIONS = Symbol('CREDENTIAL_CACHE_OPTIONS');

/** What a lookup found: the caller, and until when the credential is valid at most (a session's expiry). */
export interface FoundCredential {
  caller: AuthenticatedCaller;
  validUntil?: number;
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
  private readonly found: ForgettingCache<FoundCredential>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly notifications: DatabaseNotifications,
    @Optional() @Inject(CREDENTIAL_CACHE_OPTIONS) options?: Partial<CredentialCacheOptions>,
  ) {
    this.found = new ForgettingCache(() => this.notifications.isListening, options);
  }

  /** The caller `key` names, from memory while fresh, else from `load` (concurrent lookups of one key share one load). */
  async caller(key: string, load: () => Promise<FoundCredential | null>): Promise<AuthenticatedCaller | null> {
    this.listen();
    const found = await this.found.get(
      key,
      load,
      () => this.caughtUp(),
      (credential) => credential.validUntil,
    );
    return found?.caller ?? null;
  }

  /** Forgets every credential of the user in this process (the others hear it from the statement's notification). */
  forgetUser(name: string): void {
    this.found.forgetWhere((credential) => credential.caller.name === name);
  }

  forgetAll(): void {
    this.found.forgetAll();
  }

  get size(): number {
    return this.found.size;
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
