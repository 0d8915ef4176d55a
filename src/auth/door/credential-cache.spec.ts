import type { DatabaseNotifications } from '../../database/notifications';
import type { AuthenticatedCaller } from './caller';
import { CREDENTIALS_CHANNEL, CredentialCache, type FoundCredential } from './credential-cache';

/** The listening connection, in memory: notices are handed over when the test says. */
class FakeNotifications {
  listening = true;
  readonly handlers = new Map<string, (payload: string) => void>();
  readonly resyncs: Array<() => void> = [];
  pending: string[] = [];

  subscribe(channel: string, handler: (payload: string) => void): () => void {
    this.handlers.set(channel, handler);
    return () => this.handlers.delete(channel);
  }

  onResync(callback: () => void): () => void {
    this.resyncs.push(callback);
    return () => undefined;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Like PostgreSQL: the round trip comes back after everything pending was handed over. */
  caughtUp(): Promise<void> {
    if (!this.listening) return Promise.reject(new Error('Nothing listens for notifications now'));
    const pending = this.pending;
    this.pending = [];
    pending.forEach((name) => this.handlers.get(CREDENTIALS_CHANNEL)?.(name));
    return Promise.resolve();
  }
}

const alice: AuthenticatedCaller = { name: 'alice', admin: false, via: 'token' };
const bob: AuthenticatedCaller = { name: 'bob', admin: false, via: 'session' };

function setUp(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const notifications = new FakeNotifications();
  let now = 1_000_000;
  const cache = new CredentialCache(notifications as unknown as DatabaseNotifications, { ...options, now: () => now });
  const loads: string[] = [];
  const lookUp = (key: string, found: FoundCredential | null) => (): Promise<FoundCredential | null> => {
    loads.push(key);
    return Promise.resolve(found);
  };
  return { notifications, cache, loads, lookUp, advance: (ms: number) => (now += ms), at: () => now };
}

describe('CredentialCache', () => {
  it('asks the database once, then answers from memory while fresh', async () => {
    const { cache, loads, lookUp } = setUp();
    for (let call = 0; call < 5; call += 1) expect(await cache.caller('token:a', lookUp('token:a', { caller: alice }))).toEqual(alice);
    expect(loads).toEqual(['token:a']);
  });

  it('forgets a user at a notice heard before the next request, and only that user', async () => {
    const { cache, notifications, loads, lookUp } = setUp();
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    await cache.caller('session:b', lookUp('session:b', { caller: bob }));
    notifications.pending.push('alice'); // committed elsewhere, not yet handed over: caughtUp() hands it over first
    expect(await cache.caller('token:a', lookUp('token:a', null))).toBeNull();
    expect(await cache.caller('session:b', lookUp('session:b', null))).toEqual(bob);
    expect(loads).toEqual(['token:a', 'session:b', 'token:a']);
  });

  it("asks again after the TTL (the backstop) and never past a session's expiry", async () => {
    const { cache, loads, lookUp, advance, at } = setUp({ ttlMs: 5000 });
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    advance(5001);
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    await cache.caller('session:b', lookUp('session:b', { caller: bob, validUntil: at() + 1000 }));
    advance(1001);
    expect(await cache.caller('session:b', lookUp('session:b', null))).toBeNull();
    expect(loads).toEqual(['token:a', 'token:a', 'session:b', 'session:b']);
  });

  it('is not used while nothing listens, and starts empty when listening (again)', async () => {
    const { cache, notifications, loads, lookUp } = setUp();
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    notifications.listening = false;
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    await cache.caller('token:a', lookUp('token:a', { caller: alice }));
    expect(loads).toHaveLength(3);
    notifications.listening = true;
    notifications.resyncs.forEach((resync) => resync());
    expect(cache.size).toBe(0);
  });

  it('does not remember what a lookup found when the user was forgotten while it ran', async () => {
    const { cache, loads, lookUp } = setUp();
    let release: (found: FoundCredential | null) => void = () => undefined;
    const slow = cache.caller('token:a', () => new Promise((resolve) => (release = resolve)));
    cache.forgetUser('alice'); // a revocation in this process while the lookup was in flight
    const after = cache.caller('token:a', lookUp('token:a', null)); // a request after it: not served by the stale lookup
    release({ caller: alice });
    await slow;
    expect(await after).toBeNull();
    expect(cache.size).toBe(0);
    expect(loads).toEqual(['token:a']);
  });

  it('keeps at most maxEntries, dropping the oldest, and never remembers a credential that was not found', async () => {
    const { cache, lookUp } = setUp({ maxEntries: 2 });
    await cache.caller('token:wrong', lookUp('token:wrong', null));
    for (const key of ['token:1', 'token:2', 'token:3']) await cache.caller(key, lookUp(key, { caller: alice }));
    expect(cache.size).toBe(2);
  });
});
