import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../src/kernel/black-box/canonical-json';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import {
  everyMissionFinal,
  leftBehind,
  missionStreams,
  noDuplicateEvents,
  oneDeploymentAndPullRequest,
  readModelsEqual,
  type Verdict,
} from '../../bench/chaos/invariants';
import { newEvent } from '../support/events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The chaos run's checker must be able to say "broken": fed a database with a step recorded twice, a second
 * pull request, a mission that never ended or a lease left behind, each invariant fails and names the mission.
 */
describe('The chaos run checker', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataDir: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.database.pool);
    dataDir = mkdtempSync(join(tmpdir(), 'gantry-chaos-checker-'));
  });

  afterEach(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  type Step = [string, JsonObject];
  const OPENED: Step[] = [
    ['MissionOpened', { prompt: 'a notes app' }],
    ['BuildConfirmed', { buildPrompt: 'a notes app' }],
  ];
  const attempt = (n: number): Step[] => [
    ['PipelineStepStarted', { step: n === 1 ? 'draft' : 'heal', attempt: n }],
    ['BlueprintDrafted', { attempt: n }],
    ['PipelineStepStarted', { step: 'policy', attempt: n }],
    ['PolicyVerdictRendered', { attempt: n, allowed: true }],
    ['PipelineStepStarted', { step: 'build', attempt: n }],
    ['BuildAttemptStarted', { attempt: n }],
  ];
  const SHIPPED: Step[] = [
    ['PipelineStepStarted', { step: 'deploy', attempt: 1 }],
    ['DeploymentRequested', { attempt: 1, slug: 'notes' }],
    ['DeploymentSucceeded', { attempt: 1, url: 'http://localhost/apps/notes' }],
    ['PipelineStepStarted', { step: 'publish', attempt: 1 }],
    ['PublishRequested', { attempt: 1 }],
    ['PullRequestOpened', { attempt: 1 }],
    ['MissionSucceeded', { status: 'DEPLOYED' }],
  ];
  const finished = (n: number, extra: JsonObject = {}): Step => ['BuildAttemptFinished', { attempt: n, passed: true, abandoned: false, ...extra }];
  /** A crash mid-build: the abandoned attempt is started again, which is not a duplicate. */
  const ABANDONED_THEN_RERUN: Step[] = [
    ...attempt(1),
    finished(1, { passed: false, abandoned: true }),
    ['PipelineStepStarted', { step: 'build', attempt: 1 }],
    ['BuildAttemptStarted', { attempt: 1 }],
    finished(1),
  ];

  async function mission(steps: Step[], pullRequestFiles = 1): Promise<string> {
    const id = randomUUID();
    await store.append(
      `mission-${id}`,
      steps.map(([type, data]) => newEvent(type, data)),
      'no_stream',
    );
    const pulls = join(dataDir, 'repos', `chaos.${id}.pulls`);
    mkdirSync(pulls, { recursive: true });
    for (let number = 1; number <= pullRequestFiles; number += 1) writeFileSync(join(pulls, `${number}.json`), JSON.stringify({ number, missionId: id }));
    return id;
  }

  const check = async (invariant: (streams: Awaited<ReturnType<typeof missionStreams>>) => Verdict) => invariant(await missionStreams(db.database.pool));

  it('holds for missions that ended once each, a crash-and-rerun of a build included', async () => {
    await mission([...OPENED, ...ABANDONED_THEN_RERUN, ...SHIPPED]);
    await mission([...OPENED, ...attempt(1), finished(1, { passed: false }), ['HealRequested', { attempt: 2 }], ...attempt(2), finished(2), ...SHIPPED]);
    expect(await check(everyMissionFinal)).toMatchObject({ held: true, details: ['2 missions: 2 DEPLOYED'] });
    expect(await check(noDuplicateEvents)).toMatchObject({ held: true });
    expect(await check((streams) => oneDeploymentAndPullRequest(streams, dataDir))).toMatchObject({ held: true, details: ['2 missions shipped'] });
    expect(await leftBehind(db.database.pool, [], [])).toMatchObject({ held: true });
  });

  it('is broken by an event recorded twice, naming the mission, the step and the attempt', async () => {
    const id = await mission([...OPENED, ...attempt(1), ['BlueprintDrafted', { attempt: 1 }], finished(1), ...SHIPPED]);
    expect(await check(noDuplicateEvents)).toEqual({
      name: 'no event recorded twice',
      held: false,
      details: [`mission-${id} run 1: BlueprintDrafted attempt 1 recorded 2 times (at most 1)`],
    });
  });

  it('is broken by a build started twice without a crash in between', async () => {
    const id = await mission([...OPENED, ...attempt(1), ['PipelineStepStarted', { step: 'build', attempt: 1 }], finished(1), ...SHIPPED]);
    expect((await check(noDuplicateEvents)).details).toEqual([`mission-${id} run 1: PipelineStepStarted build attempt 1 recorded 2 times (at most 1)`]);
  });

  it('is broken by a second pull request, in the events or on disk', async () => {
    const twiceOnDisk = await mission([...OPENED, ...attempt(1), finished(1), ...SHIPPED], 2);
    const twiceRecorded = await mission([
      ...OPENED,
      ...attempt(1),
      finished(1),
      ...SHIPPED.slice(0, -1),
      ['PullRequestOpened', { attempt: 1 }],
      SHIPPED[SHIPPED.length - 1],
    ]);
    const verdict = await check((streams) => oneDeploymentAndPullRequest(streams, dataDir));
    expect(verdict.held).toBe(false);
    expect(verdict.details.sort()).toEqual(
      [
        `mission-${twiceOnDisk} (DEPLOYED): 2 pull request records on disk, expected 1`,
        `mission-${twiceRecorded} (DEPLOYED): 2 PullRequestOpened events, expected 1`,
      ].sort(),
    );
  });

  it('is broken by a mission that never ended', async () => {
    const id = await mission([...OPENED, ...attempt(1)], 0);
    expect(await check(everyMissionFinal)).toEqual({
      name: 'every mission reached a final status',
      held: false,
      details: [`mission-${id} never reached a final status (last event BuildAttemptStarted)`],
    });
  });

  it('is broken by a lease, a lock, a scratch directory or a sandbox left behind', async () => {
    const id = randomUUID();
    await db.database.pool.query(`INSERT INTO pipeline_inbox (mission_id, leased_by, leased_until) VALUES ($1, 'host:1:ab', now() + interval '1 minute')`, [
      id,
    ]);
    const holder = await db.database.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(4242)');
      const verdict = await leftBehind(db.database.pool, ['gantry-index-abc'], ['container 0123456789ab (mission m, attempt 1)']);
      expect(verdict.held).toBe(false);
      expect(verdict.details).toEqual([
        `pipeline inbox still holds mission ${id} (leased by host:1:ab)`,
        expect.stringMatching(/^an advisory lock is held by backend \d+$/),
        'scratch left in TMPDIR: gantry-index-abc',
        'container 0123456789ab (mission m, attempt 1)',
      ]);
    } finally {
      await holder.query('SELECT pg_advisory_unlock_all()');
      holder.release();
    }
  });

  it('is broken by a read model that differs from its rebuild', () => {
    const live = { mission_summary: [{ mission_id: 'a', status: 'DEPLOYED' }] };
    expect(readModelsEqual(live, { mission_summary: [{ mission_id: 'a', status: 'FAILED' }] }, null)).toMatchObject({
      held: false,
      details: ['mission_summary: 1 live rows, 1 rebuilt; first difference at row 0'],
    });
    expect(readModelsEqual(live, live, null).held).toBe(true);
  });
});
