import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosCluster } from './cluster';
import { restartEngine, type SandboxSaboteur } from './docker-faults';
import type { Prng } from './prng';
import type { ApiGate } from './workload';

export type FaultKind = 'kill-worker' | 'kill-api' | 'restart-postgres' | 'kill-sandbox' | 'restart-engine';

export interface FaultPlan {
  kills: number;
  restartEngine: boolean;
  /** Seconds between two faults: a seeded draw in [min, max]. */
  gapSeconds: [number, number];
}

/** The faults in a seeded order: K worker kills, the API once, PostgreSQL once, a sandbox (or the engine) once. */
export function scheduleFaults(plan: FaultPlan, prng: Prng): FaultKind[] {
  const faults: FaultKind[] = [...Array<FaultKind>(plan.kills).fill('kill-worker'), 'kill-api', 'restart-postgres', 'kill-sandbox'];
  if (plan.restartEngine) faults.push('restart-engine');
  return prng.shuffle(faults);
}

export interface FaultLog {
  done: string[];
  /** Faults that found nothing to hit (no build running for a sandbox kill): said, not hidden. */
  missed: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultContext {
  saboteur: SandboxSaboteur;
  /** True while some mission has not ended: a fault after that would hit nothing. */
  busy: () => boolean;
  /** Called as each fault starts (the sender paces the missions by it). */
  fired: () => void;
  gate: ApiGate;
  say: (line: string) => void;
}

/**
 * Runs the schedule while the missions run: each fault after a seeded pause, without waiting for the one
 * before to finish its restart (on a loaded machine a restart takes longer than the missions), so faults
 * overlap as they would in production. A mid-run copy of the signed checkpoints is kept (just before
 * PostgreSQL restarts) for the consistency check at the end.
 */
export async function runFaults(cluster: ChaosCluster, faults: FaultKind[], plan: FaultPlan, prng: Prng, context: FaultContext): Promise<FaultLog> {
  const log: FaultLog = { done: [], missed: [] };
  const under = new Set<Promise<void>>();
  for (const fault of faults) {
    await sleep(prng.int(plan.gapSeconds[0] * 1000, plan.gapSeconds[1] * 1000));
    if (!context.busy()) {
      context.say(`${fault}: every mission had already ended, so it would hit nothing`);
      log.missed.push(fault);
      context.fired();
      continue;
    }
    // A worker is killed once it is online: wait for one if every worker is still restarting.
    while (fault === 'kill-worker' && !cluster.workers.some((worker) => worker.online)) await sleep(500);
    context.fired();
    const running = inject(cluster, fault, prng, context, log);
    under.add(running);
    void running.finally(() => under.delete(running));
  }
  await Promise.all(under);
  return log;
}

async function inject(cluster: ChaosCluster, fault: FaultKind, prng: Prng, context: FaultContext, log: FaultLog): Promise<void> {
  const { gate, say } = context;
  const note = (line: string) => {
    say(line);
    log.done.push(line);
  };
  switch (fault) {
    case 'kill-worker': {
      const worker = prng.pick(cluster.workers.filter((candidate) => candidate.online));
      const pid = worker.pid;
      await worker.kill();
      const down = prng.int(200, 3000);
      say(`SIGKILL ${worker.name} (pid ${String(pid)}); restarting it in ${down} ms`);
      await sleep(down);
      await worker.start();
      note(`SIGKILL ${worker.name} (pid ${String(pid)}), restarted after ${down} ms as pid ${String(worker.pid)}`);
      return;
    }
    case 'kill-api':
      await gate.hold(async () => {
        const pid = cluster.api.pid;
        await cluster.api.kill();
        say(`SIGKILL api (pid ${String(pid)}); restarting it`);
        await cluster.api.start();
        note(`SIGKILL api (pid ${String(pid)}), restarted as pid ${String(cluster.api.pid)} on port ${cluster.api.port}`);
      });
      return;
    case 'restart-postgres': {
      keepCheckpoints(cluster);
      const down = prng.int(500, 3000);
      say(`PostgreSQL: fast shutdown, back in ${down} ms`);
      await gate.hold(() => cluster.restartPostgres(down));
      note(`PostgreSQL stopped (fast shutdown) and started again after ${down} ms`);
      return;
    }
    case 'kill-sandbox': {
      const killed = await context.saboteur.armOnce(180_000, context.busy);
      if (killed) note(`killed the sandbox container of mission ${killed.missionId}, attempt ${killed.attempt}, during its build`);
      else {
        say('no build of a mission that is not healing started before every mission ended (or within 180 s): no sandbox container to kill');
        log.missed.push('kill-sandbox');
      }
      return;
    }
    case 'restart-engine':
      note(`restarted the Docker engine (${await restartEngine()})`);
      return;
  }
}

/** Where the mid-run copy of the signed checkpoints goes. */
export function keptCheckpointsFile(cluster: ChaosCluster): string {
  return join(cluster.paths.root, 'checkpoints.kept');
}

/** Copies the signed checkpoints as they stand now (the later consistency check proves the final log extends them). */
export function keepCheckpoints(cluster: ChaosCluster): void {
  const live = join(cluster.paths.data, 'log', 'checkpoints');
  if (existsSync(live)) copyFileSync(live, keptCheckpointsFile(cluster));
}
