import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createProjectionRunner } from '../../src/missions/read/mission-projections';
import type { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { rebuildProjections } from '../../src/missions/read/rebuild';
import { liveFeed } from '../support/live-feed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  archived,
  buildConfirmed,
  consultantReplied,
  failed,
  missionEvent,
  MissionScript,
  retried,
  snapshotReadModels,
  stepStarted,
  stepUnavailable,
  succeeded,
} from './mission-script';

describe('rebuildProjections', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
  });
  afterAll(async () => db.drop());

  const snapshot = () => snapshotReadModels((sql) => db.database.pool.query(sql));

  /** Appends, then waits as an HTTP handler would (read-your-writes) before the next step. */
  async function step(runner: ProjectionRunner, mission: MissionScript, ...events: Parameters<MissionScript['append']>): Promise<void> {
    const revision = await mission.append(...events);
    await runner.waitForRevision(mission.id, revision, 5_000);
  }

  it('gives exactly the rows of the live run, after a restart in the middle and while a runner is running', async () => {
    const plan = { features: ['board', 'cards', 'labels'], stack: 'node', designTarget: 'TRELLO' };
    const kanban = new MissionScript(store, '2025-04-01T10:00:00.000Z');
    const retry = new MissionScript(store, '2025-04-01T11:00:00.000Z');
    const shop = new MissionScript(store, '2025-04-01T12:00:00.000Z');
    const first = createProjectionRunner(db.database, store);
    const firstFeed = liveFeed(store, first);
    await step(first, kanban, kanban.opened('A kanban board'));
    await step(first, retry, retry.opened('Expense tracker', 'bob', 'direct'), buildConfirmed('Expense tracker', ['expenses'], 'python'));
    await step(first, kanban, consultantReplied('NEEDS_INPUT', 'Which views do you need?', { question: 'Which views do you need?' }));
    await step(first, retry, stepStarted('draft'), stepUnavailable('draft', 'No architect'), failed('No architect', 'draft'));
    await step(first, kanban, missionEvent('UserMessageReceived', { text: 'board and cards, with labels' }));
    await firstFeed.stop();

    const second = createProjectionRunner(db.database, store); // a restart: nothing in memory
    const secondFeed = liveFeed(store, second);
    await step(second, kanban, consultantReplied('NEEDS_CONFIRMATION', 'Board, cards and labels on node. Build it?', plan));
    await step(second, shop, shop.opened('A tiny shop with a cart', 'carol'));
    await shop.append({ type: 'ShopTeleported', data: { to: 'mars' } }); // unknown to this catalogue: no row waits for it
    await step(second, retry, retried('FAILED', 'bob'), stepStarted('build', 1), stepStarted('build', 2));
    await step(
      second,
      kanban,
      missionEvent('UserMessageReceived', { text: 'yes' }),
      buildConfirmed('A kanban board', plan.features, plan.stack, plan.designTarget),
    );
    await step(second, retry, succeeded('http://localhost:5050/apps/expenses/', null), archived('bob'));
    await step(
      second,
      shop,
      missionEvent('DesignImageAttached', {
        fileName: 'shop.png',
        mime: 'image/png',
        bytes: 20480,
        sha256: 'a'.repeat(64),
        evidencePath: 'missions/x/design.png',
      }),
    );
    await second.catchUp(); // waitForRevision covers mission_summary; let the other two finish their batches too
    const live = await snapshot();

    const result = await rebuildProjections(second); // the live runner keeps running through it
    const rebuilt = await snapshot();
    await secondFeed.stop();

    expect(result.projections).toEqual(['mission_summary', 'consultation_view', 'mission_timeline', 'project_version']);
    expect(result.replayed).toBe(kanban.revision + 1 + retry.revision + 1 + shop.revision + 1); // the whole feed, once
    expect(rebuilt).toEqual(live);
    expect(live.mission_summary).toHaveLength(3);
    expect(live.consultation_view).toHaveLength(2);
    expect(live.mission_timeline).toHaveLength(kanban.revision + 1 + retry.revision + 1 + shop.revision);
  });
});
