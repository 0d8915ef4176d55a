import type { MissionChanges } from '../mission-change-feed';
import type { MissionStatusCache } from '../mission-status-cache';
import type { ProjectionRunner } from '../projection-runner';
import { ProjectionTimeoutError } from '../projection-timeout.error';
import { AwaitReadModelsHandler } from './await-read-models.handler';
import { AwaitReadModelsQuery } from './await-read-models.query';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

function handlerWith(waitForRevision: (missionId: string, revision: number) => Promise<void>, forgotten: string[] = []) {
  const statuses = { forget: (changes: MissionChanges) => changes !== 'all' && forgotten.push(...changes) };
  return new AwaitReadModelsHandler({ waitForRevision } as unknown as ProjectionRunner, statuses as unknown as MissionStatusCache);
}

describe('AwaitReadModelsHandler (read-your-writes)', () => {
  it('is true once the read models show every change, and for no change at all', async () => {
    const waited: string[] = [];
    const handler = handlerWith(async (missionId, revision) => void waited.push(`${missionId}@${revision}`));
    await expect(handler.execute(new AwaitReadModelsQuery({ missionId: A, revision: 3 }, { missionId: B, revision: 1 }))).resolves.toBe(true);
    expect(waited).toEqual([`${A}@3`, `${B}@1`]);
    await expect(handler.execute(new AwaitReadModelsQuery())).resolves.toBe(true);
  });

  it('is false when one of them is still behind after the timeout', async () => {
    const handler = handlerWith(async (missionId, revision) => {
      if (missionId === B) throw new ProjectionTimeoutError(missionId, revision, 0, 5000);
    });
    await expect(handler.execute(new AwaitReadModelsQuery({ missionId: A, revision: 3 }, { missionId: B, revision: 1 }))).resolves.toBe(false);
  });

  it("forgets each written mission's cached status once its wait is over, shown or not", async () => {
    const forgotten: string[] = [];
    const handler = handlerWith(async (missionId, revision) => {
      if (missionId === B) throw new ProjectionTimeoutError(missionId, revision, 0, 5000);
    }, forgotten);
    await handler.execute(new AwaitReadModelsQuery({ missionId: A, revision: 3 }, { missionId: B, revision: 1 }));
    expect(forgotten.sort()).toEqual([A, B]);
  });

  it('lets any other failure through', async () => {
    const handler = handlerWith(async () => {
      throw new Error('the database went away');
    });
    await expect(handler.execute(new AwaitReadModelsQuery({ missionId: A, revision: 0 }))).rejects.toThrow('the database went away');
  });
});
