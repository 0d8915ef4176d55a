import type { EventStore } from '../../src/missions/ports/event-store.port';
import { EVENT_STORE } from '../../src/missions/ports/event-store.port';
import { ProjectionRunner } from '../../src/missions/read/projection-runner';
import { runGantry } from '../support/gantry-process';
import { createTestApp, type TestApp } from '../support/test-app';
import { waitForStatus } from '../support/http-helpers';
import type { ConsultationBody } from '../support/bodies';
import { consultantReplied, MissionScript } from '../projections/mission-script';

interface HealthBody {
  status: string;
  speech: string;
  checks: { readSide: { status: string; detail: string; parked: Record<string, number> } };
}

/** Polls /health until the read side reports something parked (bounded; never asserts on time). */
async function waitForParked(t: TestApp, checkpoint: string): Promise<HealthBody> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const body = (await t.anonymous.get('/health')).body as HealthBody;
    if ((body.checks.readSide.parked[checkpoint] ?? 0) > 0) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${checkpoint} never parked an event`);
}

describe('A poisoned event (one the read models cannot apply, written straight into the store)', () => {
  let t: TestApp;
  let store: EventStore;
  const env = (): Record<string, string> => ({ DATABASE_URL: t.db.url, GANTRY_DATA_DIR: t.config.dataDir });

  beforeAll(async () => {
    t = await createTestApp({ config: { feed: { batchSize: 200, pollIntervalMs: 20, maxRetryDelayMs: 200, parkAfter: 3 } } });
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('is parked, /health names it, other missions keep updating, rebuild completes and retry applies it after a fix', async () => {
    // What the issue found: a U+0000 in a prompt, which PostgreSQL's text and jsonb refuse.
    const poisoned = new MissionScript(store);
    await poisoned.append(poisoned.opened('Build a todo app with\u0000 due dates', 'mallory'));

    const health = await waitForParked(t, 'projection:mission_summary');
    expect(health.status).toBe('degraded');
    expect(health.checks.readSide.status).toBe('degraded');
    expect(health.checks.readSide.detail).toContain('projection:mission_summary');
    expect(health.speech).toMatch(/parked events/);
    expect((await t.anonymous.get('/health')).status).toBe(200); // the stores answer: Gantry still serves

    // Every other user's missions keep flowing: a new consultation, and another mission moving on.
    const bob = (await t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'bob' }).send({ message: 'I want a todo app for my team' }).expect(200))
      .body as ConsultationBody;
    expect(bob.status).toBe('AWAITING_INPUT');
    const carol = new MissionScript(store);
    await carol.append(carol.opened('A kanban board', 'carol'));
    await carol.append(consultantReplied('NEEDS_CONFIRMATION', 'Board and cards. Build it?', { features: ['board', 'cards'] }));
    await t.app.get(ProjectionRunner).waitForRevision(carol.id, 1, 5_000);
    expect((await t.http.get(`/gantry/status/${carol.id}`).expect(200)).body).toMatchObject({ revision: 1, speech: 'Board and cards. Build it?' });
    await t.http.get(`/gantry/status/${poisoned.id}`).expect(404); // never applied

    // An event the read model refuses for a reason a fix can remove (here: a constraint a migration drops).
    await t.db.database.pool.query(`ALTER TABLE mission_summary ADD CONSTRAINT no_tea CHECK (prompt NOT LIKE '%teapot%')`);
    const fixable = new MissionScript(store);
    await fixable.append(fixable.opened('A teapot tracker', 'dave'));
    await waitForParked(t, 'projection:mission_summary');
    for (
      let attempt = 0;
      attempt < 400 && !(await t.db.database.pool.query(`SELECT 1 FROM parked_events WHERE stream = $1`, [fixable.stream])).rowCount;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const listed = await runGantry(['projections', 'parked'], env());
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain(`${poisoned.stream}@0`);
    expect(listed.stdout).toContain(`${fixable.stream}@0`);

    const rebuilt = await runGantry(['projections', 'rebuild'], env());
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt mission_summary, consultation_view, mission_timeline, project_version from \d+ events\./);
    expect(rebuilt.stdout).toMatch(/event\(s\) could not be applied and were parked/);
    expect((await t.http.get(`/gantry/status/${carol.id}`).expect(200)).body).toMatchObject({ revision: 1, prompt: 'A kanban board' });

    await t.db.database.pool.query(`ALTER TABLE mission_summary DROP CONSTRAINT no_tea`); // the fix
    const retried = await runGantry(['projections', 'retry'], env());
    expect(retried.stdout).toContain(`applied  projection:mission_summary`);
    expect(retried.stdout).toContain(`${fixable.stream}@0`);
    expect(retried.code).toBe(1); // the U+0000 prompt still cannot be stored: it stays parked, and says so
    expect(retried.stderr).toContain(`still failing  projection:mission_summary`);
    await expect(waitForStatus(t.http, fixable.id, ['CONSULTING'])).resolves.toMatchObject({ prompt: 'A teapot tracker' });
    const after = (await t.anonymous.get('/health')).body as HealthBody;
    expect(after.checks.readSide.detail).toContain('projection:mission_summary');
  }, 300_000); // four `gantry` processes, each compiling the CLI on start
});
