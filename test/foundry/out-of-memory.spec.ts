import { verdictOf } from '../../src/foundry/bwrap/bwrap-verdict';
import { containerVerdict } from '../../src/foundry/docker/container-run';
import { MemoryExhaustionWatch } from '../../src/foundry/out-of-memory';

describe('MemoryExhaustionWatch', () => {
  it('sees a phrase split across chunks', () => {
    const watch = new MemoryExhaustionWatch();
    watch.push(Buffer.from('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of me'));
    expect(watch.sawExhaustion).toBe(false);
    watch.push(Buffer.from('mory\n'));
    expect(watch.sawExhaustion).toBe(true);
  });

  it.each([
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    'RangeError: Array buffer allocation failed',
    'std::bad_alloc',
    '# Fatal process OOM in Failed to reserve',
    'MemoryError',
    'sh: Cannot allocate memory',
  ])('recognises %j', (line) => {
    const watch = new MemoryExhaustionWatch();
    watch.push(Buffer.from(`before\n${line}\nafter`));
    expect(watch.sawExhaustion).toBe(true);
  });

  it('ignores ordinary test output', () => {
    const watch = new MemoryExhaustionWatch();
    watch.push(Buffer.from('ok 1 - allocates a room\n# memory usage fine\nnot ok 2 - bloom filter\n'));
    expect(watch.sawExhaustion).toBe(false);
  });
});

describe('a Node heap exhaustion (exit 134 after "JavaScript heap out of memory")', () => {
  it('is out of memory in both adapters, each keeping its own exit code convention', () => {
    expect(verdictOf({ exitCode: 134, signal: null, timedOut: false }, true)).toEqual({ exitCode: null, timedOut: false, oomKilled: true });
    expect(containerVerdict({ statusCode: 134, timedOut: false, durationMs: 1 }, false, true)).toEqual({ exitCode: 134, timedOut: false, oomKilled: true });
  });
});
