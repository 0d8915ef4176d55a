import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { currentOwner, ownerLabels, type RunOwner } from '../../src/foundry/docker/container-reaper';
import { loadConfig } from '../../src/config/gantry-config';
import { containerSpec, sandboxLabels } from '../../src/foundry/docker/container-spec';
import { DockerSandbox } from '../../src/foundry/docker/docker-sandbox';
import { selectSandbox } from '../../src/foundry/foundry.module';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS } from '../../src/foundry/sandbox-defaults';
import { SandboxUnavailableError } from '../../src/missions/ports/sandbox.port';
import { match } from '../support/expectations';
import { ensureSandboxImage, sandboxContainers, sandboxVolumes, testScope } from './support/docker-engine';
import { job } from './support/sandbox-fixtures';

/** A process that has exited: what a crashed Gantry looks like to the next one. */
function deadOwner(): RunOwner {
  const pid = spawnSync('true').pid ?? 999_999;
  return { host: hostname(), pid, startTime: 'long-gone' };
}

interface LeftRun {
  scope: string;
  missionId: string;
  attempt: number;
  owner: RunOwner;
  start: boolean;
}

/** Creates (and maybe starts) a container labelled the way a run's is, that its owner will never remove. */
async function leftBehind(docker: Docker, run: LeftRun): Promise<string> {
  const labels = { ...sandboxLabels(run.scope), ...ownerLabels(run.owner) };
  const spec = containerSpec('gantry-node:local', DEFAULT_SANDBOX_LIMITS, job('sleep 300', run), labels, {
    runtime: 'runc',
    diskBytes: DEFAULT_SANDBOX_DISK_BYTES,
  });
  const container = await docker.createContainer(spec);
  if (run.start) await container.start();
  return container.id;
}

describe('DockerSandbox (real engine): abandoned runs and a missing engine or image', () => {
  const docker = new Docker();
  const scope = testScope('docker-reaper');
  const otherScope = testScope('docker-reaper-other');

  beforeAll(async () => {
    await ensureSandboxImage(docker);
  }, 180_000);

  afterAll(async () => {
    await new DockerSandbox({ docker, scope: otherScope }).reapAbandoned();
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxContainers(docker, otherScope)).toEqual([]);
  });

  it('finds, kills and removes runs left behind by a dead process (running or not), with their volumes', async () => {
    await leftBehind(docker, { scope, missionId: 'mission-crashed', attempt: 2, owner: deadOwner(), start: true });
    await leftBehind(docker, { scope, missionId: 'mission-never-started', attempt: 1, owner: deadOwner(), start: false });
    expect(await sandboxContainers(docker, scope)).toHaveLength(2);
    expect(await sandboxVolumes(docker, scope)).toHaveLength(2);

    const reaped = await new DockerSandbox({ docker, scope }).reapAbandoned();

    expect(reaped).toEqual(
      expect.arrayContaining([
        { missionId: 'mission-crashed', attempt: 2 },
        { missionId: 'mission-never-started', attempt: 1 },
      ]),
    );
    expect(reaped).toHaveLength(2);
    expect(await sandboxContainers(docker, scope)).toEqual([]);
    expect(await sandboxVolumes(docker, scope)).toEqual([]);
  });

  it('finds nothing when nothing was left behind', async () => {
    expect(await new DockerSandbox({ docker, scope }).reapAbandoned()).toEqual([]);
  });

  it('leaves alone the runs of a live process, of another host and of another scope, until they are stale', async () => {
    const live = await leftBehind(docker, { scope, missionId: 'mission-live', attempt: 1, owner: await currentOwner(), start: true });
    const remote = { host: 'another-host', pid: 1, startTime: '1' };
    const far = await leftBehind(docker, { scope, missionId: 'mission-remote', attempt: 1, owner: remote, start: false });
    const other = await leftBehind(docker, { scope: otherScope, missionId: 'mission-other', attempt: 1, owner: deadOwner(), start: false });

    expect(await new DockerSandbox({ docker, scope }).reapAbandoned()).toEqual([]);
    expect((await sandboxContainers(docker, scope)).sort()).toEqual([live, far].sort());
    expect(await sandboxContainers(docker, otherScope)).toEqual([other]);

    const reaped = await new DockerSandbox({ docker, scope, staleAfterMs: 0 }).reapAbandoned();
    expect(reaped).toHaveLength(2);
    expect(await sandboxContainers(docker, scope)).toEqual([]);
  });

  it('is unavailable, saying how to build the image, when the local image is missing', async () => {
    const sandbox = new DockerSandbox({ docker, scope, image: 'gantry-node:no-such-tag' });
    await expect(sandbox.available()).resolves.toEqual({
      ok: false,
      detail: match.stringContaining('scripts/build-sandbox-image.sh'),
    });
    const run = sandbox.run(job('node -e 0'));
    await expect(run).rejects.toBeInstanceOf(SandboxUnavailableError);
    await expect(run).rejects.toThrow(/gantry-node:no-such-tag is missing/);
  });

  it('names docker pull for another missing image (GANTRY_SANDBOX_IMAGE)', async () => {
    const availability = await new DockerSandbox({ docker, image: 'gantry-test/absent:1' }).available();
    expect(availability.ok).toBe(false);
    expect(availability.detail).toContain('docker pull gantry-test/absent:1');
  });

  it('is unavailable, saying how to start an engine, when none answers', async () => {
    const sandbox = new DockerSandbox({ docker: new Docker({ socketPath: '/nonexistent/docker.sock' }) });
    const availability = await sandbox.available();
    expect(availability.ok).toBe(false);
    expect(availability.detail).toMatch(/No Docker engine answers .*dockerd --iptables=false --bridge=none/);
    await expect(sandbox.run(job('node -e 0'))).rejects.toBeInstanceOf(SandboxUnavailableError);
    await expect(sandbox.reapAbandoned()).rejects.toThrow();
  });

  it('takes its image from the typed config (GANTRY_SANDBOX_IMAGE), defaulting to gantry-node:local', async () => {
    expect(new DockerSandbox({ docker }).image).toBe('gantry-node:local');
    expect((await selectSandbox(loadConfig({ GANTRY_SANDBOX: 'docker' }))).sandbox.image).toBe('gantry-node:local');
    const other = await selectSandbox(loadConfig({ GANTRY_SANDBOX: 'docker', GANTRY_SANDBOX_IMAGE: ' gantry-test/absent:1 ' }));
    expect(other.detail).toContain('docker pull gantry-test/absent:1');
    expect((await other.sandbox.available()).ok).toBe(false);
  });
});
