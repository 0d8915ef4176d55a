import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatedBytes, WorkspaceQuota } from './workspace-quota';

const MiB = 1024 * 1024;

describe('WorkspaceQuota', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-quota-spec-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the blocks of every file below the workspace, nested ones too', async () => {
    await mkdir(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'one'), Buffer.alloc(MiB, 1));
    writeFileSync(join(dir, 'a/b/two'), Buffer.alloc(2 * MiB, 1));
    expect(await allocatedBytes(dir)).toBeGreaterThanOrEqual(3 * MiB);
    expect(await allocatedBytes(join(dir, 'gone'))).toBe(0);
  });

  it('stops a run the first time its workspace holds more than the limit, and says so in the disk-limit words', async () => {
    const quota = new WorkspaceQuota(dir, 2 * MiB, 10);
    const outcome = await quota.during(async (stop) => {
      for (let i = 0; i < 100 && !stop.aborted; i++) {
        await writeFile(join(dir, `fill${String(i)}`), Buffer.alloc(MiB, 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return stop.aborted ? 'stopped' : 'finished';
    });
    expect(outcome).toBe('stopped');
    expect(quota.exceeded).toBe(true);
    expect(quota.peakBytes).toBeGreaterThan(2 * MiB);
    expect(quota.notice()).toMatch(/the workspace reached [\d.]+ MB, past its 2\.0 MB disk limit \(Disk quota exceeded\)/);
  });

  it('leaves a run within the limit alone', async () => {
    const quota = new WorkspaceQuota(dir, 8 * MiB, 5);
    const outcome = await quota.during(async (stop) => {
      await writeFile(join(dir, 'small'), Buffer.alloc(MiB, 1));
      await new Promise((resolve) => setTimeout(resolve, 40));
      return stop.aborted;
    });
    expect(outcome).toBe(false);
    expect(quota.exceeded).toBe(false);
  });
});
