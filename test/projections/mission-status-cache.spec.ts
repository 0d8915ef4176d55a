import { DatabaseNotifications } from '../../src/database/notifications';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { MissionChangeFeed } from '../../src/missions/read/mission-change-feed';
import { createProjectionRunner } from '../../src/missions/read/mission-projections';
import { MissionReadModel } from '../../src/missions/read/mission-read-model';
import { MissionStatusCache } from '../../src/missions/read/mission-status-cache';
import type { MissionSummaryEntity } from '../../src/missions/read/mission-summary.entity';
import type { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { consultantReplied, missionEvent, MissionScript } from './mission-script';

/** The read model of one process, counting its reads of the table. */
class CountingReadModel {
  reads = 0;
  constructor(private readonly readModel: MissionReadModel) {}
  summary(missionId: string): Promise<MissionSummaryEntity | null> {
    this.reads += 1;
    return this.readModel.summary(missionId);
  }
}

/** A process that runs no projections (an API process): its runner never commits. */
const idleRunner = { onApplied: () => () => undefined, onCommitting: () => () => undefined } as unknown as ProjectionRunner;

/** One process's side: its own listening connection, its own runner and status cache. */
function side(db: TestDatabase, runner: ProjectionRunner) {
  const notifications = new DatabaseNotifications(db.url, { connectTimeoutMs: 5000, minRetryMs: 50 });
  const feed = new MissionChangeFeed(runner, notifications);
  const table = new CountingReadModel(new MissionReadModel(db.database));
  const cache = new MissionStatusCache(table as unknown as MissionReadModel, runner, feed);
  return { notifications, feed, table, cache };
}

/**
 * Two processes on one PostgreSQL: a worker whose projection runner commits, and an API process that runs
 * none. A status cached in either is never served after the change in the worker, and is served again from
 * memory until the next change; in the API process it is fresh as soon as it has heard the notices
 * committed so far (at most NOTIFY-late).
 */
describe('MissionStatusCache across processes', () => {
  let db: TestDatabase;
  let worker: ReturnType<typeof side>;
  let api: ReturnType<typeof side>;
  let runner: ProjectionRunner;
  let mission: MissionScript;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore(db.database.pool);
    runner = createProjectionRunner(db.database, store);
    worker = side(db, runner);
    api = side(db, idleRunner);
    mission = new MissionScript(store);
    await mission.append(mission.opened('Build a recipe box with search'));
    await runner.catchUp();
    await worker.cache.summary(mission.id); // the first use subscribes (and opens the listening connection)
    await api.cache.summary(mission.id);
    await Promise.all([worker.notifications.whenListening(), api.notifications.whenListening()]);
  });

  afterAll(async () => {
    for (const each of [worker, api]) {
      each.cache.onModuleDestroy();
      each.feed.onModuleDestroy();
      await each.notifications.close();
    }
    await db.drop();
  });

  it('serves a status from memory until the mission changes', async () => {
    expect((await api.cache.summary(mission.id))?.lastRevision).toBe(0);
    const reads = api.table.reads;
    for (let read = 0; read < 3; read += 1) expect((await api.cache.summary(mission.id))?.lastRevision).toBe(0);
    expect(api.table.reads).toBe(reads);
  });

  it('is fresh in the process whose projections committed the change, with no waiting', async () => {
    expect((await worker.cache.summary(mission.id))?.lastRevision).toBe(0);
    await mission.append(consultantReplied('NEEDS_CONFIRMATION', 'A recipe box with search. Shall I build it?'));
    await runner.catchUp();
    expect((await worker.cache.summary(mission.id))?.lastRevision).toBe(1);
  });

  it('is fresh in another process once it has heard the notices committed so far', async () => {
    await mission.append(missionEvent('UserMessageReceived', { text: 'add tags too' }));
    await runner.catchUp();
    await api.notifications.caughtUp();
    expect((await api.cache.summary(mission.id))?.lastRevision).toBe(2);
    const reads = api.table.reads;
    expect((await api.cache.summary(mission.id))?.lastRevision).toBe(2);
    expect(api.table.reads).toBe(reads);
  });
});
