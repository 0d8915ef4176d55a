/**
 * Where a Docker run's time goes, per runtime: `create` (the container and its workspace volume), `start`
 * (the engine's start call: containerd, the shim and, under runsc, gVisor's boot), `to exit` (from the start
 * call's return to the exit: the guest's init, the unpack and the command) and `remove`. Raw engine calls with
 * the driver's own container spec, so the figures add up to what DockerSandbox.run() spends.
 */
import Docker from 'dockerode';
import { performance } from 'node:perf_hooks';
import { BoundedOutput } from '../src/foundry/bounded-output';
import { runToExit } from '../src/foundry/docker/container-run';
import { DEFAULT_SANDBOX_IMAGE, containerSpec, sandboxLabels, type DockerRuntime } from '../src/foundry/docker/container-spec';
import { workspaceArchive } from '../src/foundry/docker/workspace-archive';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS } from '../src/foundry/sandbox-defaults';

export interface Phases {
  create: number[];
  start: number[];
  toExit: number[];
  remove: number[];
}

/** Times `runs` runs of `command` under `runtime` (after one warm-up), phase by phase. */
export async function dockerPhases(runtime: DockerRuntime, command: string, runs: number): Promise<Phases> {
  const docker = new Docker();
  const phases: Phases = { create: [], start: [], toExit: [], remove: [] };
  const stdin = await workspaceArchive([{ path: 'empty.js', content: '' }]);
  for (let i = 0; i <= runs; i++) {
    const job = { missionId: 'bench-phases', attempt: i, files: [], command, timeoutMs: 60_000 };
    const spec = containerSpec(DEFAULT_SANDBOX_IMAGE, DEFAULT_SANDBOX_LIMITS, job, sandboxLabels('bench-foundry'), {
      runtime,
      diskBytes: DEFAULT_SANDBOX_DISK_BYTES,
    });
    let began = performance.now();
    const container = await docker.createContainer(spec);
    const create = performance.now() - began;
    let start = 0;
    const timedStart = container.start.bind(container);
    container.start = (async () => {
      const startBegan = performance.now();
      await timedStart();
      start = performance.now() - startBegan;
    }) as typeof container.start;
    try {
      const exit = await runToExit(container, docker.modem, new BoundedOutput(64 * 1024), { stdin, timeoutMs: 60_000 });
      if (exit.statusCode !== 0) throw new Error(`${runtime} ${command} exited ${String(exit.statusCode)}`);
      if (i === 0) continue;
      phases.create.push(create);
      phases.start.push(start);
      phases.toExit.push(exit.durationMs - start);
    } finally {
      began = performance.now();
      await container.remove({ force: true, v: true });
      if (i > 0) phases.remove.push(performance.now() - began);
    }
  }
  return phases;
}
