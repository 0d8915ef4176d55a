import { ConcurrencyLimit } from './concurrency-limit';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ConcurrencyLimit', () => {
  it('runs at most its slots at once, the rest in arrival order, and hands a slot on when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    const started: string[] = [];
    const first = deferred();
    const one = limit.run(async () => {
      started.push('one');
      await first.promise;
      throw new Error('one failed');
    });
    const two = limit.run(async () => {
      started.push('two');
      return 2;
    });
    const three = limit.run(async () => {
      started.push('three');
      return 3;
    });
    await Promise.resolve();
    expect(started).toEqual(['one']);
    expect(limit.queued).toBe(2);
    first.resolve();
    await expect(one).rejects.toThrow('one failed');
    expect(await two).toBe(2);
    expect(await three).toBe(3);
    expect(started).toEqual(['one', 'two', 'three']);
    expect(limit.queued).toBe(0);
  });

  it('runs as many tasks at once as it has slots', async () => {
    const limit = new ConcurrencyLimit(2);
    const gate = deferred();
    let atOnce = 0;
    let most = 0;
    const task = async (): Promise<void> => {
      atOnce += 1;
      most = Math.max(most, atOnce);
      await gate.promise;
      atOnce -= 1;
    };
    const all = Promise.all([limit.run(task), limit.run(task), limit.run(task)]);
    await Promise.resolve();
    expect(most).toBe(2);
    gate.resolve();
    await all;
    expect(most).toBe(2);
  });

  it('refuses a limit without a slot', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
