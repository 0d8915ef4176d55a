import { MissionNotFoundError } from '../../domain/mission.errors';
import type { MissionReadModel } from '../mission-read-model';
import type { MissionSummaryEntity } from '../mission-summary.entity';
import { visibleSummary } from './visible-summary';

const ID = '11111111-1111-4111-8111-111111111111';
const row = { missionId: ID, owner: 'alice' } as MissionSummaryEntity;
const readModel = { summary: async (missionId: string) => (missionId === ID ? row : null) } as unknown as MissionReadModel;

describe('visibleSummary (who sees a mission)', () => {
  it('shows a mission to its owner and to the admin', async () => {
    await expect(visibleSummary(readModel, ID, { name: 'alice', admin: false })).resolves.toBe(row);
    await expect(visibleSummary(readModel, ID, { name: 'admin', admin: true })).resolves.toBe(row);
  });

  it("answers another user's mission as not found, like an unknown one", async () => {
    await expect(visibleSummary(readModel, ID, { name: 'bob', admin: false })).rejects.toBeInstanceOf(MissionNotFoundError);
    await expect(visibleSummary(readModel, '22222222-2222-4222-8222-222222222222', { name: 'alice', admin: false })).rejects.toBeInstanceOf(
      MissionNotFoundError,
    );
  });
});
