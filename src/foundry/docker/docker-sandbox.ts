import { Logger } from '@nestjs/common';
import Docker from 'dockerode';
import type { Container } from 'dockerode';
import { withTimeout } from '../../kernel/with-timeout';
import { BoundedOutput, DEFAULT_OUTPUT_LIMIT_BYTES } from '../bounded-output';
import { DiskLimitWatch, hitDiskLimit } from '../disk-limit';
import { MemoryExhaustionWatch } from '../out-of-memory';
import { DEFAULT_SANDBOX_DISK_BYTES, DEFAULT_SANDBOX_LIMITS } from '../sandbox-defaults';
import {
  SandboxUnavailableError,
  type AbandonedAttempt,
  type Sandbox,
  type SandboxAvailability,
  type SandboxJob,
  type SandboxLimits,
  type SandboxResult,
  type SandboxTier,
} from '../../missions/ports/sandbox.port';
import { DEFAULT_STALE_AFTER_MS, abandonment, attemptOf, currentOwner, ownerLabels } from './container-reaper';
import { containerVerdict, killedUnasked, runToExit, type ContainerExit } from './container-run';
import { OOM_EVENT_GRACE_MS, watchOomEvents, type OomEventWatch } from './oom-events';
import {
  DEFAULT_SANDBOX_IMAGE,
  IMAGE_BUILD_SCRIPT,
  containerSpec,
  labelFilter,
  partitionFilter,
  sandboxLabels,
  type DockerRuntime,
  type SandboxPartition,
} from './container-spec';
import { workspaceArchive } from './workspace-archive';
import { errorMessage } from '../../kernel/error-message';

export interface DockerSandboxOptions {
  /** Defaults to `new Docker()`, which honours DOCKER_HOST. */
  docker?: Docker;
  /** Defaults to gantry-node:local; Gantry passes the typed config's `sandboxImage` (GANTRY_SANDBOX_IMAGE). */
  image?: string;
  limits?: Partial<SandboxLimits>;
  outputLimitBytes?: number;
  /** Adds a `gantry.scope` label to every run; reapAbandoned then reaps only that scope (none: only unscoped runs). */
  scope?: string;
  /**
   * This Gantry installation's id (installation-id.ts), labelled on every run: reapAbandoned takes only this
   * installation's runs, and unlabelled ones from before the label only once stale (container-reaper.ts).
   * None: only runs that carry no installation label.
   */
  installation?: string;
  /** reapAbandoned takes a run this old even when its owner process looks alive. Default one hour. */
  staleAfterMs?: number;
  /** Bounds the engine calls of available(). */
  probeTimeoutMs?: number;
  /** GANTRY_DOCKER_RUNTIME. `auto` (the default): runsc (gVisor) when the engine lists it, else runc. */
  runtime?: DockerRuntime | 'auto';
  /** The workspace's size bound (GANTRY_SANDBOX_DISK_MB). Default 256 MB. */
  diskBytes?: number;
}

const RUNSC_HINT =
  'install gVisor (apt-get install runsc) and register it: "runtimes": {"runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none"]}} in /etc/docker/daemon.json, then kill -HUP the dockerd';

function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_ERRORS.has(code);
}

/** Runs each job in a fresh, locked-down Docker container that is always removed afterwards. */
export class DockerSandbox implements Sandbox {
  readonly driver = 'docker' as const;
  readonly image: string;
  readonly limits: SandboxLimits;
  private readonly docker: Docker;
  private readonly outputLimitBytes: number;
  /** Whose runs these are on a shared engine: labelled on every run, and all that reapAbandoned takes. */
  readonly partition: SandboxPartition;
  private readonly probeTimeoutMs: number;
  private readonly staleAfterMs: number;
  private labels?: Promise<Record<string, string>>;
  private readonly wantedRuntime: DockerRuntime | 'auto';
  /** Known once the engine's runtimes were listed (available(), or the first run). */
  private runtime: Promise<DockerRuntime> | null = null;
  private resolvedRuntime: DockerRuntime | null = null;
  private readonly diskBytes: number;
  private readonly logger = new Logger('DockerSandbox');

  constructor(options: DockerSandboxOptions = {}) {
    this.docker = options.docker ?? new Docker();
    this.image = options.image ?? DEFAULT_SANDBOX_IMAGE;
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.partition = { scope: options.scope, installation: options.installation };
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.wantedRuntime = options.runtime ?? 'auto';
    this.diskBytes = options.diskBytes ?? DEFAULT_SANDBOX_DISK_BYTES;
  }

  /** gvisor under runsc, container under runc; before the engine was asked, what was asked for (auto: container). */
  get tier(): SandboxTier {
    return (this.resolvedRuntime ?? this.wantedRuntime) === 'runsc' ? 'gvisor' : 'container';
  }

  async available(): Promise<SandboxAvailability> {
    try {
      return await withTimeout(this.probe(), this.probeTimeoutMs, () => new Error(`no answer in ${this.probeTimeoutMs} ms`));
    } catch (error) {
      return { ok: false, detail: `No Docker engine answers (${errorMessage(error)}); ${this.engineHint()}` };
    }
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    const archive = await workspaceArchive(job.files);
    const container = await this.create(job);
    const oomEvents = await this.watchOom(container);
    try {
      const memory = new MemoryExhaustionWatch();
      const disk = new DiskLimitWatch();
      const output = new BoundedOutput(this.outputLimitBytes, {
        onChunk: (chunk) => {
          memory.push(chunk);
          disk.push(chunk);
        },
      });
      const exit = await runToExit(container, this.docker.modem, output, { stdin: archive, timeoutMs: job.timeoutMs });
      const verdict = containerVerdict(exit, await this.wasOomKilled(container, exit, oomEvents), memory.sawExhaustion);
      const diskLimitHit = !verdict.oomKilled && hitDiskLimit(verdict, disk.saw);
      return { ...verdict, diskLimitHit, durationMs: exit.durationMs, output: output.text(), outputTruncated: output.truncated };
    } finally {
      oomEvents?.close();
      await this.remove(container);
    }
  }

  /**
   * Kills and removes, with their volumes, this scope's and installation's runs whose owner process is gone (or
   * that are stale), and stale runs from before installations were labelled. Reports only this installation's.
   */
  async reapAbandoned(): Promise<AbandonedAttempt[]> {
    const found = await this.docker.listContainers({ all: true, filters: { label: labelFilter(this.partition.scope) } });
    const reaped: AbandonedAttempt[] = [];
    for (const info of found) {
      const whose = await abandonment(info, this.partition, this.staleAfterMs);
      if (whose === null) continue;
      await this.docker
        .getContainer(info.Id)
        .remove({ force: true, v: true })
        .catch((error: unknown) => {
          if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 409) throw error;
        });
      const attempt = attemptOf(info);
      if (whose === 'own' && attempt) reaped.push(attempt);
    }
    // Only unused volumes go (a live run's workspace is in use), and only this partition's.
    await this.docker.pruneVolumes({ filters: partitionFilter(this.partition) }).catch(() => undefined);
    return reaped;
  }

  private async probe(): Promise<SandboxAvailability> {
    const version = await this.docker.version();
    this.runtime = null;
    const runtime = await this.resolveRuntime().catch((error: unknown) => {
      if (error instanceof SandboxUnavailableError) return error;
      throw error;
    });
    if (runtime instanceof SandboxUnavailableError) return { ok: false, detail: runtime.message };
    try {
      const image = await this.docker.getImage(this.image).inspect();
      const size = (image.Size / 1_000_000).toFixed(1);
      const disk = `workspace ${Math.round(this.diskBytes / 1048576)} MB`;
      return {
        ok: true,
        detail: `Docker ${version.Version}, runtime ${runtime} (${this.tier}), image ${this.image} (${image.Id.slice(7, 19)}, ${size} MB), ${disk}`,
      };
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
      return { ok: false, detail: `Docker ${version.Version} is up but the image ${this.image} is missing; ${this.imageHint()}` };
    }
  }

  /** The engine's runtimes, listed once: runsc when asked for or (auto) when registered, else runc. */
  private resolveRuntime(): Promise<DockerRuntime> {
    this.runtime ??= this.docker.info().then((info: { Runtimes?: Record<string, unknown> }) => {
      const registered = Object.keys(info.Runtimes ?? {});
      const wanted = this.wantedRuntime;
      if (wanted !== 'auto' && !registered.includes(wanted)) {
        this.runtime = null;
        throw new SandboxUnavailableError(
          `The Docker engine has no ${wanted} runtime (it lists ${registered.join(', ')}); ${wanted === 'runsc' ? RUNSC_HINT : 'set GANTRY_DOCKER_RUNTIME=auto'}`,
        );
      }
      this.resolvedRuntime = wanted === 'auto' ? (registered.includes('runsc') ? 'runsc' : 'runc') : wanted;
      return this.resolvedRuntime;
    });
    return this.runtime;
  }

  private async create(job: SandboxJob): Promise<Container> {
    try {
      const options = { runtime: await this.resolveRuntime(), diskBytes: this.diskBytes };
      return await this.docker.createContainer(containerSpec(this.image, this.limits, job, await this.baseLabels(), options));
    } catch (error) {
      if (error instanceof SandboxUnavailableError) throw error;
      if (statusCodeOf(error) === 404) throw new SandboxUnavailableError(`Image ${this.image} is missing; ${this.imageHint()}`);
      if (isConnectionError(error)) throw new SandboxUnavailableError(`No Docker engine answers (${errorMessage(error)}); ${this.engineHint()}`);
      throw error;
    }
  }

  /** What every run of this process carries: the sandbox label, the scope, the installation, and this process as the owner. */
  private baseLabels(): Promise<Record<string, string>> {
    this.labels ??= currentOwner().then((owner) => ({ ...sandboxLabels(this.partition.scope, this.partition.installation), ...ownerLabels(owner) }));
    return this.labels;
  }

  /** Force: a timed-out or wedged run is killed too. `v`: its workspace volume goes with it. */
  private async remove(container: Container): Promise<void> {
    await container.remove({ force: true, v: true }).catch((error: unknown) => {
      // Not thrown, so the run's result survives; reapAbandoned removes it at the next start (it is labelled).
      this.logger.warn(`Could not remove sandbox container ${container.id.slice(0, 12)}: ${errorMessage(error)}`);
    });
  }

  /**
   * Docker's own word that the kernel's OOM killer struck inside the container's cgroup: State.OOMKilled, or
   * (when the engine heard of the exit first, as it often does under gVisor) its `oom` event, waited for a
   * moment only after a SIGKILL that Gantry did not send.
   */
  private async wasOomKilled(container: Container, exit: ContainerExit, events: OomEventWatch | null): Promise<boolean> {
    const state = (await container.inspect()).State;
    if (state.OOMKilled) return true;
    return events ? events.sawOom(killedUnasked(exit) ? OOM_EVENT_GRACE_MS : 0) : false;
  }

  /** Opened before the start, so no `oom` event is missed; without one (an engine that refuses), State.OOMKilled alone. */
  private async watchOom(container: Container): Promise<OomEventWatch | null> {
    try {
      return await watchOomEvents(this.docker, container.id);
    } catch (error) {
      this.logger.warn(`Could not watch the engine's oom events for ${container.id.slice(0, 12)}: ${errorMessage(error)}`);
      return null;
    }
  }

  private imageHint(): string {
    return this.image === DEFAULT_SANDBOX_IMAGE
      ? `build it with ${IMAGE_BUILD_SCRIPT} (no registry needed)`
      : `pull or build it (docker pull ${this.image}), or unset GANTRY_SANDBOX_IMAGE and run ${IMAGE_BUILD_SCRIPT}`;
  }

  private engineHint(): string {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    return `expected at ${where}; start one (dockerd --iptables=false --bridge=none) or set DOCKER_HOST`;
  }
}
