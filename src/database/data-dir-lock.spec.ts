import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';

describe('DataDirLock', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'gantry-lock-'));

  it('takes a free directory, and releases it', async () => {
    const dir = fresh();
    const lock = await DataDirLock.acquire(dir);
    expect(readdirSync(dir)).toEqual(['gantry.lock']);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory held by a live process, naming its pid', async () => {
    const dir = fresh();
    const pid1Stat = { pid: 1, startTime: '' };
    const { readFileSync } = await import('node:fs');
    const stat = readFileSync('/proc/1/stat', 'utf8');
    pid1Stat.startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(join(dir, 'gantry.lock'), JSON.stringify(pid1Stat));
    await expect(DataDirLock.acquire(dir)).rejects.toThrow(new DataDirLockedError(dir, 1).message);
    expect(await DataDirLock.liveHolder(dir)).toBe(1);
  });

  it('takes over a lock whose pid was reused by another process (the start time differs), and one from a dead pid', async () => {
    for (const stale of [{ pid: 1, startTime: '1' }, { pid: 999999, startTime: '5' }, 'not json']) {
      const dir = fresh();
      writeFileSync(join(dir, 'gantry.lock'), typeof stale === 'string' ? stale : JSON.stringify(stale));
      const lock = await DataDirLock.acquire(dir);
      expect(readdirSync(dir)).toEqual(['gantry.lock']);
      lock.release();
    }
  });
});
