import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { EvidenceStore } from '../../src/missions/infrastructure/evidence-store';
import { newEvent } from '../support/events';
import { waitForStatus } from '../support/http-helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { SHIPPED, seedGreenMission } from '../shipping/support/green-mission';

interface Bundle {
  mission_id: string;
  checkpoint: string;
  events: Array<{ revision: number; leaf_index: number; canonical: string }>;
  evidence: Array<{ revision: number; file: string; sha256: string | null }>;
}

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'verify-bundle.mjs');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function waitForFile(path: string): Promise<string> {
  for (let tries = 0; tries < 600 && !existsSync(path); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return readFileSync(path, 'utf8');
}

/** The standalone verifier in a clean environment, as an auditor runs it. */
function verifyOffline(bundle: string, vkey: string): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bundle-'));
  writeFileSync(join(dir, 'bundle.json'), bundle);
  writeFileSync(join(dir, 'log.vkey'), vkey);
  return spawnSync(process.execPath, [SCRIPT, 'bundle.json', 'log.vkey'], { cwd: dir, env: {}, encoding: 'utf8' });
}

describe('GET /gantry/missions/:id/audit/bundle', () => {
  let t: TestApp;
  let missionsDir: string;
  let shipped: string;
  let plain: string;
  let vkey: string;

  beforeAll(async () => {
    missionsDir = mkdtempSync(join(tmpdir(), 'gantry-bundle-route-'));
    t = await createTestApp({ db: await createTestDatabase(), config: { missionsDir } });
    await t.app.listen(0, '127.0.0.1');
    shipped = await seedGreenMission(t.db, missionsDir);
    await waitForStatus(t.http, shipped, SHIPPED, 600);
    plain = randomUUID();
    await new PostgresEventStore(t.db.database.pool).append(
      `mission-${plain}`,
      [
        newEvent('MissionOpened', { missionId: plain, mode: 'consultation', prompt: 'a timer', deploy: false, publish: false, channel: 'api', owner: 'admin' }),
        newEvent('MissionArchived', { by: 'admin' }),
      ],
      'no_stream',
    );
    for (let tries = 0; tries < 200 && (await t.http.get(`/gantry/status/${plain}`)).status !== 200; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    vkey = (await t.anonymous.get('/gantry/log/key').expect(200)).text;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it("serves the owner's bundle as exact JSON bytes that verify offline, naming the checkpoint", async () => {
    const response = await t.http.get(`/gantry/missions/${plain}/audit/bundle`).expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const result = verifyOffline(response.text, vkey);
    expect(result).toMatchObject({ status: 0, stdout: expect.stringContaining(`VALID  mission-${plain}: 2 events chained`) as string });
    const checkpointSize = (JSON.parse(response.text) as Bundle).checkpoint.split('\n')[1];
    expect(result.stdout).toContain(`size ${checkpointSize} root`);
  });

  it('hashes every evidence file the events name, and a missing one fails offline', async () => {
    const text = (await t.http.get(`/gantry/missions/${shipped}/audit/bundle`).expect(200)).text;
    const bundle = JSON.parse(text) as Bundle;
    const files = bundle.evidence.map((entry) => entry.file);
    expect(files).toEqual(
      expect.arrayContaining(['attempts/1/files/public/index.html', 'attempts/1/build.log', 'pull-request.md', 'deployment.json', 'pull-request.json']),
    );
    const onDisk = (file: string) => (existsSync(join(missionsDir, shipped, file)) ? sha256(readFileSync(join(missionsDir, shipped, file))) : null);
    for (const entry of bundle.evidence) expect(entry.sha256).toBe(onDisk(entry.file));
    // The seeded build recorded a log hash but wrote no build.log: the bundle says so, and fails.
    expect(bundle.evidence.find((entry) => entry.file === 'attempts/1/build.log')?.sha256).toBeNull();
    expect(verifyOffline(text, vkey)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('evidence attempts/1/build.log: the file was missing when the bundle was exported') as string,
    });
  });

  it('covers the deployment and pull-request records: one replaced in the evidence store fails the next bundle offline', async () => {
    const recorded = JSON.parse((await t.http.get(`/gantry/missions/${shipped}/audit/bundle`).expect(200)).text) as Bundle;
    expect(recorded.evidence.find((entry) => entry.file === 'deployment.json')?.sha256).toBe(
      sha256(readFileSync(join(missionsDir, shipped, 'deployment.json'))),
    );
    // Evidence is read from the blob store (the folder is a copy), so the record is replaced there: what an
    // operator with database access could do by pointing the pack's index at other bytes.
    const evidence = t.app.get(EvidenceStore);
    const original = (await evidence.read(shipped, 'pull-request.json')).toString('utf8');
    const edited = original.replace('"number": 1', '"number": 2');
    expect(edited).not.toBe(original);
    await evidence.write(shipped, 'pull-request.json', edited);
    try {
      const text = (await t.http.get(`/gantry/missions/${shipped}/audit/bundle`).expect(200)).text;
      const bundle = JSON.parse(text) as Bundle;
      expect(bundle.evidence.find((entry) => entry.file === 'pull-request.json')?.sha256).toBe(sha256(Buffer.from(edited)));
      // The seeded build wrote no build.log (the test above): list it as its event recorded, so the record is what fails.
      const finished = bundle.events
        .map((event) => JSON.parse(event.canonical) as { type: string; data: { logSha256?: string } })
        .find((event) => event.type === 'BuildAttemptFinished');
      const log = bundle.evidence.find((entry) => entry.file === 'attempts/1/build.log');
      if (log) log.sha256 = finished?.data.logSha256 ?? null;
      expect(verifyOffline(`${JSON.stringify(bundle, null, 2)}\n`, vkey)).toMatchObject({
        status: 1,
        stderr: expect.stringMatching(/evidence pull-request\.json: its SHA-256 is not the one event \d+ recorded/) as string,
      });
    } finally {
      await evidence.write(shipped, 'pull-request.json', original);
    }
  });

  it("puts bundle.json in the evidence pack and the checkpoint and leaf range in the pull request's description", async () => {
    const packed = JSON.parse(await waitForFile(join(missionsDir, shipped, 'bundle.json'))) as Bundle;
    expect(packed.mission_id).toBe(shipped);
    const description = readFileSync(join(missionsDir, shipped, 'pull-request.md'), 'utf8');
    expect(description).toMatch(
      /Logged at leaves \d+–\d+ of the transparency log `[^`]+`, under the signed checkpoint of size \d+ with root `[A-Za-z0-9+/]{43}=`/,
    );
  });

  it("is not found for another user's mission, and needs a caller", async () => {
    await t.as('mallory').get(`/gantry/missions/${plain}/audit/bundle`).expect(404);
    await t.anonymous.get(`/gantry/missions/${plain}/audit/bundle`).expect(401);
    await t.http.get(`/gantry/missions/${randomUUID()}/audit/bundle`).expect(404);
    await t.http.get('/gantry/missions/not-a-mission/audit/bundle').expect(400);
  });
});
