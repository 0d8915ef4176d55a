import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventTypes, waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { SHIPPED, seedGreenMission } from './support/green-mission';

describe('Shipping with the defaults (local deployer, local git publisher)', () => {
  let t: TestApp;
  let missionsDir: string;
  beforeAll(async () => {
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-ship-'));
    t = await createTestApp({ db: await createTestDatabase(), config: { missionsDir } });
  });
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('deploys and publishes a green build', async () => {
    const id = await seedGreenMission(t.db, missionsDir);
    const final = await waitForStatus(t.http, id, SHIPPED, 600);
    console.log(JSON.stringify(final, null, 2), await eventTypes(t.http, id));
    expect(final.status).toBe('DEPLOYED');
    const page = await t.http.get(new URL(String(final.url)).pathname).expect(200);
    expect(page.text).toContain('Tip Calculator');
    const pr = await t.http.get(`/gantry/missions/${id}/pr`).expect(200);
    console.log(pr.body.description, pr.body.diff);
    console.log(readFileSync(join(missionsDir, id, 'audit.jsonl'), 'utf8').split('\n').length);
  });
});
