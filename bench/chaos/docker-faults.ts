import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { LABEL } from '../../src/foundry/docker/container-spec';
import type { Prng } from './prng';

const execFileAsync = promisify(execFile);
const docker = new Docker();

interface SandboxRun {
  id: string;
  missionId: string;
  attempt: number;
}

/** A sandbox start as the engine reported it: the run, and the installation its labels name. */
type SandboxStart = SandboxRun & { installation: string | undefined };

/** The sandbox containers of this run's missions (others on the shared engine are never touched). */
async function sandboxesOf(missionIds: ReadonlySet<string>, running: boolean): Promise<SandboxRun[]> {
  const found = await docker.listContainers({ all: !running, filters: { label: [`${LABEL.sandbox}=1`] } });
  return found
    .filter((info) => missionIds.has(info.Labels[LABEL.mission] ?? ''))
    .map((info) => ({ id: info.Id, missionId: info.Labels[LABEL.mission], attempt: Number(info.Labels[LABEL.attempt]) }));
}

async function kill(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).kill();
    return true;
  } catch {
    return false; // it finished first
  }
}

/**
 * Kills sandboxes as they start, a seeded moment later, while their tests run. Each "heal" mission's first
 * attempt is killed (the attempt fails from outside, and the pipeline should heal it); `armOnce()` also has
 * the next build of any other mission of this run killed (the fault "a sandbox killed during a build").
 */
export class SandboxSaboteur {
  readonly healKills: string[] = [];
  /** The `gantry.installation` label of every sandbox of this run that started, by container id. */
  readonly installations = new Map<string, string | undefined>();
  private stream: Readable | null = null;
  private armed: ((run: SandboxRun | null) => void) | null = null;
  /**
   * Starts of sandboxes whose mission the run has not named yet: the pipeline can reach its build before the
   * API's answer naming the mission gets back here. Judged when the mission is named (`named`).
   */
  private readonly unnamed = new Map<string, SandboxStart[]>();

  constructor(
    private readonly missionIds: () => ReadonlySet<string>,
    private readonly healIds: ReadonlySet<string>,
    private readonly prng: Prng,
  ) {}

  async start(): Promise<void> {
    const stream = await docker.getEvents({ filters: { type: ['container'], event: ['start'], label: [`${LABEL.sandbox}=1`] } });
    this.stream = stream as Readable;
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.onStart(JSON.parse(line) as { id: string; Actor?: { Attributes?: Record<string, string> } });
    });
  }

  /**
   * Resolves with the build it killed, or null if none started within `timeoutMs` or the run stopped being
   * `busy` first (every mission ended: no build will start).
   */
  armOnce(timeoutMs: number, busy: () => boolean): Promise<SandboxRun | null> {
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutMs;
      const watch = setInterval(() => {
        if (busy() && Date.now() < deadline) return;
        clearInterval(watch);
        this.armed = null;
        resolve(null);
      }, 500);
      this.armed = (run) => {
        clearInterval(watch);
        resolve(run);
      };
    });
  }

  /**
   * A start of one of this run's sandboxes: killed a seeded moment later if it is a heal target or the fault is
   * armed. Every attempt-1 run of a heal mission is killed, not only the first: a worker killed mid-build has that
   * attempt run again (abandoned), and its rerun must fail too, or the mission would ship without healing. The
   * armed fault never takes a heal mission's run: a heal killed the same way would fail exactly as attempt 1 did,
   * and the pipeline rightly stops healing then.
   */
  private onStart(event: { id: string; Actor?: { Attributes?: Record<string, string> } }): void {
    const labels = event.Actor?.Attributes ?? {};
    const run: SandboxStart = {
      id: event.id,
      missionId: labels[LABEL.mission] ?? '',
      attempt: Number(labels[LABEL.attempt]),
      installation: labels[LABEL.installation],
    };
    if (this.missionIds().has(run.missionId)) this.onRunOfThisRun(run);
    else if (run.missionId) this.unnamed.set(run.missionId, [...(this.unnamed.get(run.missionId) ?? []), run]);
  }

  /** The run has just named this mission (sent it, got its id): its sandboxes that started before are judged now. */
  named(missionId: string): void {
    const runs = this.unnamed.get(missionId) ?? [];
    this.unnamed.delete(missionId);
    runs.forEach((run) => this.onRunOfThisRun(run, true));
  }

  /** `late`: judged only once its mission was named, so a kill goes at once (the build has been running a while). */
  private onRunOfThisRun(run: SandboxStart, late = false): void {
    this.installations.set(run.id, run.installation);
    const healTarget = this.healIds.has(run.missionId);
    const heal = healTarget && run.attempt === 1;
    const armed = healTarget ? null : this.armed;
    if (!heal && !armed) return;
    if (armed) this.armed = null;
    // Killed within its first tenth of a second: a generated app's tests can finish in under half a second
    // here, and a kill that comes after them leaves nothing to heal (and the armed fault then waited in vain).
    const delay = this.prng.int(20, 120);
    setTimeout(
      () => {
        void kill(run.id).then((killed) => {
          if (heal && killed) this.healKills.push(run.missionId);
          if (!armed) return;
          if (killed) armed(run);
          else this.armed ??= armed; // it finished first: the next build's sandbox is the target
        });
      },
      late ? 0 : delay,
    );
  }

  stop(): void {
    this.stream?.destroy();
    this.stream = null;
  }
}

/** Sandboxes of this run that did not carry its installation's label (so another installation's reaper could take them). */
export function unlabelledSandboxes(seen: ReadonlyMap<string, string | undefined>, installation: string | null): string[] {
  if (installation === null) return ['the database holds no installation id'];
  if (seen.size === 0) return ['no sandbox of this run was seen starting'];
  return [...seen]
    .filter(([, label]) => label !== installation)
    .map(([id, label]) => `container ${id.slice(0, 12)} labelled ${label ?? 'with no installation'}`);
}

/** Containers and workspace volumes of this run's missions still on the engine. */
export async function sandboxLeftovers(missionIds: ReadonlySet<string>): Promise<string[]> {
  const containers = await sandboxesOf(missionIds, false);
  const volumes = (await docker.listVolumes({ filters: { label: [`${LABEL.sandbox}=1`] } })).Volumes ?? [];
  const ours = volumes.filter((volume) => missionIds.has(volume.Labels?.[LABEL.mission] ?? ''));
  return [
    ...containers.map((run) => `container ${run.id.slice(0, 12)} (mission ${run.missionId}, attempt ${run.attempt})`),
    ...ours.map((volume) => `volume ${volume.Name}`),
  ];
}

/**
 * Opt-in (--restart-engine): stops the Docker engine and starts it again with the same command line. The engine
 * is shared with everything else on the machine, so this is never done by default. Needs root and a dockerd
 * started by hand (not by systemd, which would restart it itself: then `systemctl restart docker` is the way).
 */
export async function restartEngine(): Promise<string> {
  const { stdout } = await execFileAsync('pidof', ['dockerd']);
  const pid = Number(stdout.trim().split(/\s+/)[0]);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 60_000; waited += 250) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  spawn(argv[0], argv.slice(1), { detached: true, stdio: 'ignore' }).unref();
  for (let waited = 0; waited < 60_000; waited += 500) {
    if (
      await docker.ping().then(
        () => true,
        () => false,
      )
    )
      return argv.join(' ');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the Docker engine did not answer within 60 s after a restart (${argv.join(' ')})`);
}
