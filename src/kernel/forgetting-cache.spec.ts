import { ForgettingCache } from './forgetting-cache';

describe('ForgettingCache', () => {
  let now = 0;
  const options = { ttlMs: 1000, maxEntries: 2, now: () => now };

  it('shares one load between concurrent readers of a key, and serves it from memory until its TTL', async () => {
    const cache = new ForgettingCache<string>(() => true, options);
    let loads = 0;
    const load = () => Promise.resolve(`value ${++loads}`);
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual(['value 1', 'value 1']);
    expect(await cache.get('k', load)).toBe('value 1');
    now += 1001;
    expect(await cache.get('k', load)).toBe('value 2');
  });

  it('keeps a value no longer than validUntil says, and loads again while it cannot hear notices', async () => {
    let usable = true;
    const cache = new ForgettingCache<string>(() => usable, options);
    let loads = 0;
    const load = () => Promise.resolve(`value ${++loads}`);
    await cache.get('k', load, undefined, () => now + 10);
    now += 11;
    expect(await cache.get('k', load)).toBe('value 2');
    usable = false;
    expect(await cache.get('k', load)).toBe('value 3');
  });

  it('does not remember what a load begun before a forgetting found, nor hand it to later readers', async () => {
    const cache = new ForgettingCache<string>(() => true, options);
    let release: (value: string) => void = () => undefined;
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.forget('k');
    const later = cache.get('k', () => Promise.resolve('fresh'));
    release('stale');
    expect(await slow).toBe('stale');
    expect(await later).toBe('fresh');
    expect(await cache.get('k', () => Promise.resolve('unused'))).toBe('fresh');
  });

  it('does not serve a value that trusted declines, keeps at most maxEntries (least recently read go), and never remembers null', async () => {
    const cache = new ForgettingCache<string>(() => true, options);
    await cache.get('a', () => Promise.resolve('a1'));
    expect(
      await cache.get(
        'a',
        () => Promise.resolve('a2'),
        () => Promise.resolve(false),
      ),
    ).toBe('a2');
    await cache.get('none', () => Promise.resolve(null));
    await cache.get('b', () => Promise.resolve('b1'));
    await cache.get('a', () => Promise.resolve('unused'));
    await cache.get('c', () => Promise.resolve('c1')); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.get('b', () => Promise.resolve('b2'))).toBe('b2');
    cache.forgetWhere((value) => value.startsWith('c'));
    expect(await cache.get('c', () => Promise.resolve('c2'))).toBe('c2');
  });
});
