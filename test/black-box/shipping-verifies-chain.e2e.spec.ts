import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvelope, sealEnvelope } from '../../src/kernel/black-box/hash-chain';
import type { EventsBody } from '../support/bodies';
import { match } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { SHIPPED, STATIC_APP, seedGreenMission } from '../shipping/support/green-mission';

type Tamper = (db: TestDatabase, stream: string) => Promise<unknown>;

const byteChanged: Tamper = (db, stream) =>
  db.database.pool.query(`UPDATE events SET canonical = replace(canonical, 'A tip calculator', 'A tip calculatoR') WHERE stream = $1 AND revision = 0`, [
    stream,
  ]);

/** The last seeded event (the green build, 8) forged with its own hash recomputed: the events the pipeline chains after it tell. */
const lastRewritten: Tamper = async (db, stream) => {
  const { rows } = await db.database.pool.query<{ revision: string; canonical: string }>(
    'SELECT revision, canonical FROM events WHERE stream = $1 ORDER BY revision DESC LIMIT 1',
    [stream],
  );
  const envelope = parseEnvelope(rows[0].canonical);
  const rewritten = sealEnvelope({ ...envelope, data: { ...envelope.data, logExcerpt: '# pass 99' } });
  await db.database.pool.query('UPDATE events SET canonical = $2, hash = $3 WHERE stream = $1 AND revision = $4', [
    stream,
    rewritten.canonical,
    rewritten.hash,
    rows[0].revision,
  ]);
};

/**
 * Deploy and publish read the mission's history to decide what to ship: each recomputes the chain first
 * and refuses (MissionFailed, BLOCKED at its stage, with the reason) when it does not verify. The events
 * are tampered with in PostgreSQL before Gantry starts, so the step is the first to read them.
 */
describe('Shipping verifies the Black Box chain first', () => {
  const cases: Array<{ name: string; step: 'deploy' | 'publish'; tamper: Tamper; reason: string }> = [
    { name: 'a changed byte, before deploy', step: 'deploy', tamper: byteChanged, reason: 'revision 0: hash does not match the stored event bytes' },
    {
      name: 'the last event rewritten, before deploy',
      step: 'deploy',
      tamper: lastRewritten,
      reason: 'event 8 was rewritten: event 9 was chained to a different hash',
    },
    { name: 'a changed byte, before publish', step: 'publish', tamper: byteChanged, reason: 'revision 0: hash does not match the stored event bytes' },
    {
      name: 'the last event rewritten, before publish',
      step: 'publish',
      tamper: lastRewritten,
      reason: 'event 8 was rewritten: event 9 was chained to a different hash',
    },
  ];

  it.each(cases)('refuses to ship after $name', async ({ step, tamper, reason }) => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-chain-'));
    const db = await createTestDatabase();
    const id = await seedGreenMission(db, missionsDir, STATIC_APP, { deploy: step === 'deploy', publish: step === 'publish' });
    await tamper(db, `mission-${id}`);
    let t: TestApp | null = null;
    try {
      t = await createTestApp({ db, config: { missionsDir } });
      const final = await waitForStatus(t.http, id, SHIPPED, 600);
      expect(final).toMatchObject({ status: 'BLOCKED' });
      const events = ((await t.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
      const failed = events.find((event) => event.type === 'MissionFailed');
      expect(failed?.data).toMatchObject({
        status: 'BLOCKED',
        stage: step === 'deploy' ? 'DEPLOYING' : 'PUBLISHING',
        reason: match.stringContaining(reason),
      });
      expect(String(failed?.data.reason)).toContain(`The Black Box chain of mission-${id} does not verify`);
      const shipped = events.filter((event) => ['DeploymentSucceeded', 'DeploymentFailed', 'BranchCreated', 'PullRequestOpened'].includes(event.type));
      expect(shipped).toEqual([]);
      expect(existsSync(join(missionsDir, id, 'deployment.json'))).toBe(false);
    } finally {
      await t?.close();
      await db.drop();
    }
  });

  it('ships an untouched mission (the check does not refuse everything)', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-chain-'));
    const db = await createTestDatabase();
    const id = await seedGreenMission(db, missionsDir, STATIC_APP, { deploy: true, publish: false });
    const t = await createTestApp({ db, config: { missionsDir } });
    try {
      expect(await waitForStatus(t.http, id, SHIPPED, 600)).toMatchObject({ status: 'DEPLOYED' });
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
