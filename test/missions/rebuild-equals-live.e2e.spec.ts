import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/missions/domain/manifest';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import { STATIC_APP } from '../shipping/support/green-mission';
import { runGantry } from '../support/gantry-process';
import { waitForEnd } from '../support/http-helpers';
import type { MissionRefBody } from '../support/bodies';
import { scriptedArchitect } from '../support/scripted-architect';
import { createTestApp } from '../support/test-app';

const TABLES = {
  mission_summary: 'mission_id',
  consultation_view: 'mission_id',
  mission_timeline: 'mission_id, revision',
  project_version: 'mission_id',
};
/** The static app with a test that starts a child process: the policy gate blocks it before any build. */
const SPAWNING_APP: Manifest = {
  ...STATIC_APP,
  files: [
    ...STATIC_APP.files,
    {
      path: 'test/spawn.test.js',
      content: "const test = require('node:test');\nconst { execSync } = require('child_process');\ntest('spawns', () => execSync('id'));\n",
    },
  ],
};

describe('gantry projections rebuild', () => {
  it('rebuilds read-model rows identical to the live ones', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-rebuild-'));
    let manifest = STATIC_APP;
    const t = await createTestApp({
      config: { missionsDir },
      overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => manifest) }],
    });
    let running = true;
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const [table, key] of Object.entries(TABLES)) tables[table] = (await t.db.database.pool.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
      return tables;
    };
    try {
      // One mission at a time: the scripted architect's manifest is shared.
      const client = { 'X-Gantry-Client': 'rebuild-client' };
      const consulted = (await t.http.post('/gantry/consult').set(client).send({ message: 'An expense tracker with categories' }).expect(200))
        .body as MissionRefBody;
      await t.http.post('/gantry/consult').set(client).send({ message: 'also add dark mode' }).expect(200);
      await t.http.post('/gantry/consult').set(client).send({ message: 'ship it' }).expect(202);
      expect(await waitForEnd(t.http, consulted.mission_id)).toMatchObject({ status: 'DEPLOYED' });

      manifest = SPAWNING_APP;
      const direct = (await t.http.post('/gantry/architect').send({ voice_memo: 'A kanban board with columns' }).expect(202)).body as MissionRefBody;
      expect(await waitForEnd(t.http, direct.mission_id)).toMatchObject({ status: 'BLOCKED', failure: { stage: 'VALIDATING' } });
      manifest = STATIC_APP;
      await t.http.post(`/gantry/missions/${direct.mission_id}/retry`).send({ deploy: false }).expect(202);
      expect(await waitForEnd(t.http, direct.mission_id)).toMatchObject({ status: 'PR_OPENED', run: 2, url: null });

      await t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'rebuild-other' }).send({ message: 'A social feed like twitter' }).expect(200);
      await t.http.post('/gantry/missions/clear').set(client).expect(200);
      await t.close();
      running = false;

      const live = await snapshot();
      expect((live.mission_summary as Array<{ status: string; archived: boolean }>).map(({ status, archived }) => [status, archived]).sort()).toEqual([
        ['AWAITING_INPUT', false],
        ['DEPLOYED', true],
        ['PR_OPENED', false],
      ]);
      const timelineTypes = new Set((live.mission_timeline as Array<{ type: string }>).map((row) => row.type));
      for (const type of [
        'PolicyVerdictRendered',
        'MissionFailed',
        'MissionRetried',
        'DeploymentSucceeded',
        'PullRequestOpened',
        'MissionSucceeded',
        'MissionArchived',
      ])
        expect(timelineTypes).toContain(type);
      const result = await runGantry(['projections', 'rebuild'], { DATABASE_URL: t.db.url });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Rebuilt .*mission_summary.* from \d+ events\./m);
      expect(await snapshot()).toEqual(live);
    } finally {
      if (running) await t.close();
      await t.db.drop();
    }
  });
});
