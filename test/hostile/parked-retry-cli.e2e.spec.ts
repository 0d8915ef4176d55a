import { EVENT_STORE, type EventStore } from '../../src/missions/ports/event-store.port';
import { runGantry } from '../support/gantry-process';
import { createTestApp, type TestApp } from '../support/test-app';
import { MissionScript } from '../projections/mission-script';

/** Polls parked_events until `checkpoint` has set aside an event of `stream` (bounded; never asserts on time). */
async function waitForParked(t: TestApp, checkpoint: string, stream: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const { rowCount } = await t.db.database.pool.query('SELECT 1 FROM parked_events WHERE checkpoint = $1 AND stream = $2', [checkpoint, stream]);
    if (rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${checkpoint} never parked an event of ${stream}`);
}

describe('gantry projections parked / retry cover every feed processor that can park, not only the read models', () => {
  let t: TestApp;
  const env = (): Record<string, string> => ({ DATABASE_URL: t.db.url, GANTRY_DATA_DIR: t.config.dataDir });

  beforeAll(async () => {
    t = await createTestApp({ config: { feed: { batchSize: 200, pollIntervalMs: 20, maxRetryDelayMs: 200, parkAfter: 3 } } });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it("parks an event the pipeline's processor cannot enqueue, lists it, and retry enqueues it after the fix", async () => {
    // The pipeline's inbox refuses this one mission (a constraint a fix will drop): a data error, so its event is parked.
    const refused = new MissionScript(t.app.get<EventStore>(EVENT_STORE));
    await t.db.database.pool.query(`ALTER TABLE pipeline_inbox ADD CONSTRAINT not_this_one CHECK (mission_id <> '${refused.id}')`);
    await refused.append(refused.opened('A habit tracker with streaks', 'erin'));
    await waitForParked(t, 'pipeline-saga', refused.stream);

    const listed = await runGantry(['projections', 'parked'], env());
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(new RegExp(`pipeline-saga .*${refused.stream}@0 .*MissionOpened`));

    await t.db.database.pool.query('ALTER TABLE pipeline_inbox DROP CONSTRAINT not_this_one'); // the fix
    const retried = await runGantry(['projections', 'retry'], env());
    expect(retried.stderr).toBe('');
    expect(retried.stdout).toContain(`applied  pipeline-saga`);
    expect(retried.code).toBe(0);
    const parked = await t.db.database.pool.query('SELECT 1 FROM parked_events WHERE stream = $1', [refused.stream]);
    expect(parked.rowCount).toBe(0);
  }, 300_000); // two `gantry` processes, each compiling the CLI on start
});
