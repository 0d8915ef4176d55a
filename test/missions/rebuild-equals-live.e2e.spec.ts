import { runGantry } from '../support/gantry-process';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp } from '../support/test-app';

const TABLES = {
  mission_summary: 'mission_id',
  consultation_view: 'mission_id',
  mission_timeline: 'mission_id, revision',
};

describe('gantry projections rebuild', () => {
  it('rebuilds read-model rows identical to the live ones', async () => {
    const t = await createTestApp();
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const [table, key] of Object.entries(TABLES)) tables[table] = (await t.db.database.pool.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
      return tables;
    };
    try {
      const client = { 'X-Gantry-Client': 'rebuild-client' };
      const consulted = await t.http.post('/gantry/consult').set(client).send({ message: 'An expense tracker with categories' }).expect(200);
      await t.http.post('/gantry/consult').set(client).send({ message: 'also add dark mode' }).expect(200);
      await t.http.post('/gantry/consult').set(client).send({ message: 'ship it' }).expect(202);
      const direct = await t.http.post('/gantry/architect').send({ voice_memo: 'A kanban board' }).expect(202);
      await waitForStatus(t.http, consulted.body.mission_id, ['FAILED']);
      await waitForStatus(t.http, direct.body.mission_id, ['FAILED']);
      await t.http.post(`/gantry/missions/${direct.body.mission_id}/retry`).expect(202);
      await waitForStatus(t.http, direct.body.mission_id, ['FAILED']);
      await t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'rebuild-other' }).send({ message: 'A social feed like twitter' }).expect(200);
      await t.http.post('/gantry/missions/clear').set(client).expect(200);
      await t.close();

      const live = await snapshot();
      expect(live.mission_summary).toHaveLength(3);
      expect(live.mission_timeline.length).toBeGreaterThan(15);
      const result = await runGantry(['projections', 'rebuild'], { DATABASE_URL: t.db.url });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Rebuilt .*mission_summary.* from \d+ events\./m);
      expect(await snapshot()).toEqual(live);
    } finally {
      await t.db.drop();
    }
  });
});
