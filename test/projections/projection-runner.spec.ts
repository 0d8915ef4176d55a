import type { EntityManager } from 'typeorm';
import { PerEventProcessor } from '../../src/missions/application/feed/feed-processor';
import { START } from '../../src/missions/ports/event-store.port';
import { PostgresCheckpointStore } from '../../src/missions/infrastructure/postgres-checkpoint-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createProjectionRunner } from '../../src/missions/read/mission-projections';
import { MissionReadModel } from '../../src/missions/read/mission-read-model';
import { MissionSummaryProjection } from '../../src/missions/read/mission-summary.projection';
import { MissionTimelineProjection } from '../../src/missions/read/mission-timeline.projection';
import type { ProjectedEvent, Projection } from '../../src/missions/read/projection';
import { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { ProjectionTimeoutError } from '../../src/missions/read/projection-timeout.error';
import { rebuildProjections } from '../../src/missions/read/rebuild';
import { liveFeed } from '../support/live-feed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { consultantReplied, missionEvent, MissionScript, snapshotReadModels } from './mission-script';

/** The summary projection, failing on one revision while `failing` is set. */
class FlakySummary implements Projection {
  private readonly inner = new MissionSummaryProjection();
  readonly name = this.inner.name;
  readonly handles = this.inner.handles;
  readonly tables = this.inner.tables;
  failing = true;

  constructor(private readonly failAtRevision: number) {}

  async apply(event: ProjectedEvent, tx: EntityManager): Promise<void> {
    if (this.failing && event.revision === this.failAtRevision) throw new Error('projection failed part-way');
    await this.inner.apply(event, tx);
  }
}

describe('ProjectionRunner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let readModel: MissionReadModel;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    checkpoints = new PostgresCheckpointStore(db.database.pool);
    readModel = new MissionReadModel(db.database);
  });
  afterEach(async () => db.drop());

  async function openedWithTurns(turns: number): Promise<MissionScript> {
    const mission = new MissionScript(store);
    await mission.append(mission.opened('A recipe box'));
    for (let turn = 0; turn < turns; turn += 1) await mission.append(missionEvent('UserMessageReceived', { text: `turn ${turn}` }));
    return mission;
  }

  it('rolls back a batch whose checkpoint another runner moved, then goes on from the stored checkpoint', async () => {
    const moved: string[] = [];
    const stale = createProjectionRunner(db.database, store, { onCheckpointMoved: (error) => moved.push(error.subscriptionId) });
    const mission = await openedWithTurns(0);
    await stale.catchUp();
    await mission.append(missionEvent('UserMessageReceived', { text: 'with tags' }));
    await createProjectionRunner(db.database, store).catchUp(); // another process moves every checkpoint on
    await mission.append(consultantReplied('NEEDS_INPUT', 'Which tags?', { question: 'Which tags?' }));

    await stale.catchUp();

    expect(moved).toEqual(['projection:mission_summary']); // the first claim of the shared transaction failed
    expect(await readModel.summary(mission.id)).toMatchObject({ status: 'AWAITING_INPUT', lastRevision: 2 });
    expect((await readModel.timeline(mission.id)).map((row) => row.revision)).toEqual([0, 1, 2]);
    expect((await readModel.consultation(mission.id))?.pendingQuestion).toBe('Which tags?');
  });

  it('leaves no row of a batch that failed part-way, and does not move that projection on', async () => {
    const flaky = new FlakySummary(2);
    const runner = new ProjectionRunner({ dataSource: db.database.dataSource, store, checkpoints, projections: [new MissionTimelineProjection(), flaky] });
    const mission = await openedWithTurns(3);

    await expect(runner.catchUp()).rejects.toThrow('projection failed part-way');

    expect(await readModel.summary(mission.id)).toBeNull(); // revisions 0 and 1 were written, then rolled back
    expect(await checkpoints.load('projection:mission_summary')).toBe(START);
    expect((await readModel.timeline(mission.id)).length).toBe(4); // its own transaction committed
    flaky.failing = false;
    await runner.catchUp();
    expect(await readModel.summary(mission.id)).toMatchObject({ lastRevision: 3 });
  });

  it('gives the same rows when two runners catch up at once as one runner replaying alone', async () => {
    for (let mission = 0; mission < 4; mission += 1) await openedWithTurns(mission + 2);
    const options = { batchSize: 3 };
    const first = createProjectionRunner(db.database, store, options);
    await Promise.all([first.catchUp(), createProjectionRunner(db.database, store, options).catchUp()]);
    const raced = await snapshotReadModels((sql) => db.database.pool.query(sql));

    await rebuildProjections(first);

    expect(await snapshotReadModels((sql) => db.database.pool.query(sql))).toEqual(raced);
    expect(raced.mission_timeline).toHaveLength(3 + 4 + 5 + 6);
  });

  it('resolves waitForRevision once the summary has applied the revision, and rejects clearly on timeout', async () => {
    const runner = createProjectionRunner(db.database, store);
    const mission = await openedWithTurns(2);
    const waiting = runner.waitForRevision(mission.id, 2, 5_000);
    await runner.catchUp();
    await expect(waiting).resolves.toBeUndefined();

    await mission.append(missionEvent('UserMessageReceived', { text: 'one more' }));
    await expect(runner.waitForRevision(mission.id, 3, 100)).rejects.toThrow(new ProjectionTimeoutError(mission.id, 3, 2, 100).message);
    await expect(runner.waitForRevision(mission.id, 3, 100)).rejects.toThrow(
      /mission_summary has not applied revision 3 of mission .* within 100 ms \(it is at revision 2\)/,
    );
    await expect(runner.waitForRevision('nope', 0, 100)).rejects.toThrow('not a mission id');
  });

  it('follows appends once started, woken by the append rather than the poll, all read models at once', async () => {
    const runner = createProjectionRunner(db.database, store);
    const feed = liveFeed(store, runner);
    try {
      const mission = await openedWithTurns(1);
      await runner.waitForRevision(mission.id, 1, 5_000);
      expect(await readModel.summary(mission.id)).toMatchObject({ status: 'CONSULTING', lastRevision: 1 });
      // the three read models commit together, so read-your-writes holds for all of them
      expect(await readModel.consultation(mission.id)).toMatchObject({ lastRevision: 1 });
      expect(await readModel.timeline(mission.id)).toHaveLength(2);
    } finally {
      await feed.stop();
    }
  });

  it('holds off only its own lane while it works exclusively: the feed consumer goes on with the other processors', async () => {
    const runner = createProjectionRunner(db.database, store);
    const handled: number[] = [];
    let bothHandled: () => void = () => undefined;
    const handledBoth = new Promise<void>((resolve) => (bothHandled = resolve));
    const other = new PerEventProcessor('other', checkpoints, async (event) => {
      handled.push(event.revision);
      if (handled.length === 2) bothHandled();
    });
    const feed = liveFeed(store, runner, other);
    try {
      const mission = await runner.exclusively(async () => {
        const opened = await openedWithTurns(1);
        await handledBoth;
        expect(await readModel.summary(opened.id)).toBeNull(); // its lane waits for the rebuild
        return opened;
      });
      expect(handled).toEqual([0, 1]);
      await runner.waitForRevision(mission.id, 1, 5_000);
    } finally {
      await feed.stop();
    }
  });
});
