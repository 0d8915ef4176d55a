import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { installationId } from '../../src/database/installation/installation-id';
import { loadConfig } from '../../src/config/gantry-config';
import { ownerLabels, type RunOwner } from '../../src/foundry/docker/container-reaper';
import { LABEL, containerSpec, sandboxLabels } from '../../src/foundry/docker/container-spec';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { FoundryModule } from '../../src/foundry/foundry.module';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { GANTRY_SCHEMA } from '../../src/gantry-schema';
import { SANDBOX } from '../../src/missions/ports/sandbox.port';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS } from '../../src/foundry/sandbox-defaults';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from './support/docker-engine';
import { job } from './support/sandbox-fixtures';

/** A process that has exited: what a crashed Gantry looks like to the reaper of any installation. */
function deadOwner(): RunOwner {
  const pid = spawnSync('true').pid ?? 999_999;
  return { host: hostname(), pid, startTime: 'long-gone' };
}

/**
 * Two Gantry installations (two databases) on one real Docker engine: each labels its runs with its own
 * installation id and reaps only those, plus runs from before the label once they are stale. Every container
 * here also carries this suite's test scope, so no other suite's (or installation's) container is touched.
 */
describe('Sandbox runs of two installations on one Docker engine', () => {
  const docker = new Docker();
  const scope = testScope('docker-installations');
  let first: TestDatabase;
  let second: TestDatabase;
  let firstId: string;
  let secondId: string;

  /** A run left behind by a crashed process (created, maybe started), labelled as `installation` labels its runs. */
  async function leftBehind(installation: string | undefined, missionId: string, start: boolean): Promise<string> {
    const labels = { ...sandboxLabels(scope, installation), ...ownerLabels(deadOwner()) };
    const spec = containerSpec('gantry-node:local', DEFAULT_SANDBOX_LIMITS, job('sleep 300', { missionId }), labels, {
      runtime: 'runc',
      diskBytes: DEFAULT_SANDBOX_DISK_BYTES,
    });
    const container = await docker.createContainer(spec);
    if (start) await container.start();
    return container.id;
  }

  const installationOf = async (id: string) => (await docker.getContainer(id).inspect()).Config.Labels[LABEL.installation];

  beforeAll(async () => {
    await ensureSandboxImage(docker);
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    [firstId, secondId] = await Promise.all([installationId(first.database.pool), installationId(second.database.pool)]);
  }, 180_000);

  afterAll(async () => {
    for (const id of await sandboxContainers(docker, scope)) await docker.getContainer(id).remove({ force: true, v: true });
    await Promise.all([first.drop(), second.drop()]);
  });

  it('gives each database its own installation id, the same on every call, one even when first starts race', async () => {
    expect(firstId).toMatch(/^[0-9a-f-]{36}$/);
    expect(secondId).not.toBe(firstId);
    const again = await Promise.all([1, 2, 3, 4].map(() => installationId(first.database.pool)));
    expect(new Set(again)).toEqual(new Set([firstId]));

    const fresh = await createTestDatabase();
    try {
      const racing = await Promise.all([1, 2, 3, 4, 5, 6].map(() => installationId(fresh.database.pool)));
      expect(new Set(racing).size).toBe(1);
      expect([firstId, secondId]).not.toContain(racing[0]);
    } finally {
      await fresh.drop();
    }
  });

  it("labels every run with its installation's id", async () => {
    const sandbox = new DockerSandbox({ docker, scope, installation: firstId });
    const running = sandbox.run(job('sleep 3', { missionId: 'mission-labelled' }));
    let seen: string[] = [];
    for (let tries = 0; tries < 100 && seen.length === 0; tries += 1) {
      seen = await sandboxContainers(docker, scope);
      if (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toHaveLength(1);
    expect(await installationOf(seen[0])).toBe(firstId);
    expect(await running).toMatchObject({ exitCode: 0 });
  });

  it("boots the foundry with the database's installation id (the module a served Gantry builds)", async () => {
    const config = loadConfig({ GANTRY_SANDBOX: 'docker', DATABASE_URL: second.url });
    const module = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot({ schema: GANTRY_SCHEMA }), FoundryModule],
    }).compile();
    try {
      const sandbox = module.get<DockerSandbox>(SANDBOX);
      expect(sandbox).toBeInstanceOf(DockerSandbox);
      expect(sandbox.partition).toEqual({ scope: undefined, installation: secondId });
    } finally {
      await module.close();
    }
  });

  it("reaps only its own installation's abandoned runs, never the other's, though both owners are dead", async () => {
    const ours = await leftBehind(firstId, 'mission-first', true);
    const theirs = await leftBehind(secondId, 'mission-second', true);
    const theirsIdle = await leftBehind(secondId, 'mission-second-idle', false);

    const reaped = await new DockerSandbox({ docker, scope, installation: firstId }).reapAbandoned();

    expect(reaped).toEqual([{ missionId: 'mission-first', attempt: 1 }]);
    expect((await sandboxContainers(docker, scope)).sort()).toEqual([theirs, theirsIdle].sort());
    expect(await sandboxContainers(docker, scope)).not.toContain(ours);
    // The other installation's volumes are left too (its idle run's volume is unused, yet not this reaper's to prune).
    expect(await sandboxVolumes(docker, scope)).toHaveLength(2);

    // Stale does not make another installation's run this one's either.
    expect(await new DockerSandbox({ docker, scope, installation: firstId, staleAfterMs: 0 }).reapAbandoned()).toEqual([]);
    expect(await sandboxContainers(docker, scope)).toHaveLength(2);

    const theirReaper = await new DockerSandbox({ docker, scope, installation: secondId }).reapAbandoned();
    expect(theirReaper).toEqual(
      expect.arrayContaining([
        { missionId: 'mission-second', attempt: 1 },
        { missionId: 'mission-second-idle', attempt: 1 },
      ]),
    );
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it('reaps a run from before the label only once it is stale, and does not report it as its own attempt', async () => {
    const legacy = await leftBehind(undefined, 'mission-legacy', true);

    expect(await new DockerSandbox({ docker, scope, installation: firstId }).reapAbandoned()).toEqual([]);
    expect(await new DockerSandbox({ docker, scope, installation: secondId }).reapAbandoned()).toEqual([]);
    expect(await sandboxContainers(docker, scope)).toEqual([legacy]);

    expect(await new DockerSandbox({ docker, scope, installation: firstId, staleAfterMs: 0 }).reapAbandoned()).toEqual([]);
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it("prunes only its own partition's unused volumes", async () => {
    const volumeOf = async (installation: string | undefined) => {
      await docker.createVolume({ Name: '', Driver: 'local', DriverOpts: {}, Labels: sandboxLabels(scope, installation) });
    };
    const installationsLeft = async () =>
      ((await docker.listVolumes({ filters: { label: [`${LABEL.scope}=${scope}`] } })).Volumes ?? [])
        .map((volume) => volume.Labels?.[LABEL.installation] ?? 'none')
        .sort();
    await Promise.all([volumeOf(firstId), volumeOf(secondId), volumeOf(undefined)]);

    await new DockerSandbox({ docker, scope, installation: firstId }).reapAbandoned();
    expect(await installationsLeft()).toEqual(['none', secondId].sort());
    await new DockerSandbox({ docker, scope }).reapAbandoned();
    expect(await installationsLeft()).toEqual([secondId]);
    await new DockerSandbox({ docker, scope, installation: secondId }).reapAbandoned();
    expect(await installationsLeft()).toEqual([]);
  });

  it('leaves labelled runs alone when it has no installation itself (a reaper from before the label)', async () => {
    const labelled = await leftBehind(firstId, 'mission-labelled-dead', false);
    expect(await new DockerSandbox({ docker, scope, staleAfterMs: 0 }).reapAbandoned()).toEqual([]);
    expect(await sandboxContainers(docker, scope)).toEqual([labelled]);
    expect(await sandboxVolumes(docker, scope)).toHaveLength(1);
    expect(await new DockerSandbox({ docker, scope, installation: firstId }).reapAbandoned()).toEqual([{ missionId: 'mission-labelled-dead', attempt: 1 }]);
  });
});
