import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { LABEL } from '../../src/foundry/docker/container-spec';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { postgresEvidenceStore } from '../support/evidence-stores';
import { BlueprintEvidence } from '../../src/missions/application/pipeline/blueprint-evidence';
import { NoSandbox } from '../../src/foundry/no-sandbox';
import { SANDBOX } from '../../src/missions/ports/sandbox.port';
import type { MissionEvent } from '../../src/missions/domain/mission-events';
import { ARCHITECT_STEP_RUNNERS } from '../../src/missions/application/pipeline/pipeline-step.port';
import { newEvent } from '../support/events';
import type { EventsBody, HealthBody, MissionRefBody } from '../support/bodies';
import { match } from '../support/expectations';
import { TINY_PNG, eventTypes, waitForStatus } from '../support/http-helpers';
import { ADDER, ADDER_TEST, nodeProject, scriptedArchitect } from '../support/scripted-architect';
import { createTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { testScope } from './support/docker-engine';

const event = (mission: MissionEvent) => newEvent(mission.type, mission.data, 'gantry');

/** The events of a mission whose first build attempt was under way when its Gantry process died. */
function missionCutOffMidBuild(missionId: string, drafted: MissionEvent): MissionEvent[] {
  return [
    { type: 'MissionOpened', data: { missionId, mode: 'direct', prompt: 'An adder', deploy: false, publish: false, channel: 'api', owner: 'anonymous' } },
    { type: 'BuildConfirmed', data: { buildPrompt: 'An adder', features: [], stack: 'node', designTarget: null } },
    { type: 'PipelineStepStarted', data: { step: 'draft', attempt: 1 } },
    drafted,
    { type: 'PipelineStepStarted', data: { step: 'policy', attempt: 1 } },
    { type: 'PolicyVerdictRendered', data: { attempt: 1, allowed: true, violations: [] } },
    { type: 'PipelineStepStarted', data: { step: 'build', attempt: 1 } },
    {
      type: 'BuildAttemptStarted',
      data: { attempt: 1, driver: 'docker', image: 'gantry-node:local', limits: { memoryBytes: 536870912, milliCpus: 500, pids: 256 }, timeoutMs: 180000 },
    },
  ];
}

/** The labels of a sandbox run whose Gantry process is gone: this host, a pid that no longer runs. */
function deadOwnerLabels(scope: string, missionId: string, attempt: number): Record<string, string> {
  return {
    [LABEL.sandbox]: '1',
    [LABEL.scope]: scope,
    [LABEL.mission]: missionId,
    [LABEL.attempt]: String(attempt),
    [LABEL.ownerHost]: hostname(),
    [LABEL.ownerPid]: '999999',
    [LABEL.ownerStart]: 'gone',
  };
}

describe('Foundry recovery and refusal', () => {
  it('finds a build left running by a dead process, removes its container, records it abandoned, and builds that attempt again', async () => {
    const db = await createTestDatabase();
    const missionId = randomUUID();
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-recovery-'));
    const adder = nodeProject('adder', { 'add.js': ADDER, 'add.test.js': ADDER_TEST });
    const blueprints = new BlueprintEvidence(postgresEvidenceStore(db, missionsDir));
    const drafted = await blueprints.record(missionId, 1, adder, { provider: 'scripted', model: 'test', usage: { inputTokens: 0, outputTokens: 0 }, calls: 0 });
    await new PostgresEventStore(db.database.pool).append(`mission-${missionId}`, missionCutOffMidBuild(missionId, drafted).map(event), 'no_stream');
    const docker = new Docker();
    // Its own scope: any other Gantry booting on this engine (a parallel suite) would otherwise reap the orphan first.
    const scope = testScope('foundry-recovery');
    const orphan = await docker.createContainer({
      Image: 'gantry-node:local',
      Cmd: ['sh', '-c', 'sleep 600'],
      Labels: deadOwnerLabels(scope, missionId, 1),
      HostConfig: { NetworkMode: 'none' },
    });
    await orphan.start();

    const app = await createTestApp({
      db,
      config: { missionsDir },
      overrides: [
        { token: SANDBOX, value: new DockerSandbox({ scope }) },
        { token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => adder) },
      ],
    });
    try {
      const final = await waitForStatus(app.http, missionId, ['SUCCESS', 'FAILED'], 1200);
      expect(final).toMatchObject({ status: 'SUCCESS' });
      const events = ((await app.http.get(`/gantry/missions/${missionId}/events`).expect(200)).body as EventsBody).events;
      const builds = events.filter((e) => e.type === 'BuildAttemptFinished').map((e) => e.data);
      expect(builds).toEqual([expect.objectContaining({ attempt: 1, abandoned: true, passed: false }), expect.objectContaining({ attempt: 1, passed: true })]);
      expect(await eventTypes(app.http, missionId)).not.toContain('HealRequested');
      await expect(orphan.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await orphan.remove({ force: true }).catch(() => undefined);
      await app.close();
      await db.drop();
    }
  });

  it('removes, as it stops, the sandbox of a process that died after its last look (the reaper holder’s last turn)', async () => {
    const db = await createTestDatabase();
    const scope = testScope('foundry-last-reap');
    const app = await createTestApp({ db, overrides: [{ token: SANDBOX, value: new DockerSandbox({ scope }) }] });
    const docker = new Docker();
    let orphan: Docker.Container | null = null;
    try {
      // Planted after the boot's reap, as a worker SIGKILLed between its build's exit and the removal leaves it.
      orphan = await docker.createContainer({
        Image: 'gantry-node:local',
        Cmd: ['true'],
        Labels: deadOwnerLabels(scope, randomUUID(), 2),
        HostConfig: { NetworkMode: 'none' },
      });
      await app.close();
      await expect(orphan.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await orphan?.remove({ force: true }).catch(() => undefined);
      await app.close().catch(() => undefined);
      await db.drop();
    }
  });

  it('refuses builds with what is missing and how to get it when no sandbox works, and says so in /health', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-nosandbox-'));
    const app = await createTestApp({
      config: { missionsDir },
      overrides: [
        { token: SANDBOX, value: new NoSandbox(['docker: no engine answers at /var/run/docker.sock', 'bwrap: bwrap is not installed']) },
        {
          token: ARCHITECT_STEP_RUNNERS,
          value: scriptedArchitect({ missionsDir }, () => nodeProject('adder', { 'add.js': ADDER, 'add.test.js': ADDER_TEST })),
        },
      ],
    });
    try {
      const health = (await app.http.get('/health').expect(200)).body as HealthBody;
      expect(health.checks.sandbox).toEqual({ status: 'unavailable', tier: 'none', detail: match.stringContaining('apt-get install docker.io') });
      const response = (await app.http.post('/gantry/architect').send({ voice_memo: 'An adder app for two numbers' }).expect(202)).body as MissionRefBody;
      const final = await waitForStatus(app.http, response.mission_id, ['FAILED', 'SUCCESS'], 600);
      expect(final).toMatchObject({ status: 'FAILED', failure: { stage: 'BUILDING', reason: match.stringContaining('bubblewrap') } });
    } finally {
      await app.close();
      await app.db.drop();
    }
  });

  it('puts the design image in the build at public/design-reference.<ext>', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-image-build-'));
    const imageTest =
      "const test = require('node:test');\nconst assert = require('node:assert');\nconst fs = require('node:fs');\n" +
      `test('the mockup is there', () => assert.strictEqual(fs.readFileSync('public/design-reference.png').toString('base64'), '${TINY_PNG.toString('base64')}'));\n`;
    const app = await createTestApp({
      config: { missionsDir },
      overrides: [{ token: ARCHITECT_STEP_RUNNERS, value: scriptedArchitect({ missionsDir }, () => nodeProject('mockup', { 'mockup.test.js': imageTest })) }],
    });
    try {
      const client = { 'X-Gantry-Client': 'image-build-client' };
      const first = (
        await app.http
          .post('/gantry/consult')
          .set(client)
          .send({
            message: 'A landing page like this mockup',
            image_base64: TINY_PNG.toString('base64'),
            image_filename: 'mockup.png',
            deploy: false,
            publish: false,
          })
          .expect(200)
      ).body as MissionRefBody;
      await app.http.post('/gantry/consult').set(client).send({ message: 'yes' }).expect(202);
      expect(await waitForStatus(app.http, first.mission_id, ['SUCCESS', 'FAILED', 'BLOCKED'], 1200)).toMatchObject({ status: 'SUCCESS' });
    } finally {
      await app.close();
      await app.db.drop();
    }
  });
});
