import { Inject, Injectable } from '@nestjs/common';
import { errorMessage } from '../kernel/error-message';
import { runtimeVersions, type RuntimeVersions } from '../kernel/runtime-versions';
import { withTimeout } from '../kernel/with-timeout';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { EVENT_STORE, type EventStore } from '../missions/ports/event-store.port';
import { SANDBOX, type Sandbox, type SandboxAvailability } from '../missions/ports/sandbox.port';
import { PARKED_EVENTS, type ParkedEvents } from '../missions/ports/parked-events.port';

export interface CheckResult {
  status: 'up' | 'down' | 'unavailable' | 'degraded';
  detail: string;
}

/** The sandbox check also names the isolation tier builds run in (docs/architecture.md, the sandbox). */
export interface SandboxCheck extends CheckResult {
  tier: string;
}

/** The feed's processors, and the events each has set aside (parked) because it could not handle them. */
export interface ReadSideCheck extends CheckResult {
  parked: Record<string, number>;
}

export interface HealthReport {
  status: 'online' | 'degraded';
  checks: { database: CheckResult; eventStore: CheckResult; sandbox: SandboxCheck; readSide: ReadSideCheck };
  runtime: RuntimeVersions;
  speech: string;
}

const SANDBOX_PROBE_TTL_MS = 30_000;

@Injectable()
export class HealthService {
  private sandboxProbe: { at: number; result: Promise<SandboxAvailability> } | null = null;
  /** The report being made: requests that arrive meanwhile share it (a public route must not multiply database round trips). */
  private making: Promise<HealthReport> | null = null;

  constructor(
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(PARKED_EVENTS) private readonly parked: ParkedEvents,
  ) {}

  /**
   * 200 while the stores answer (`degraded` with a parked event: Gantry still serves, one mission's view
   * lags), 503 when a store does not. Concurrent callers share one probe of the stores, so the answer is
   * never older than the request before it that is still waiting.
   */
  report(): Promise<HealthReport> {
    this.making ??= this.makeReport().finally(() => (this.making = null));
    return this.making;
  }

  private async makeReport(): Promise<HealthReport> {
    const [database, eventStore, readSide] = await Promise.all([
      this.check(() => this.database.ping(), this.database.isEmbedded ? 'embedded PostgreSQL' : 'PostgreSQL (DATABASE_URL)'),
      this.check(() => this.store.ping(), `${this.store.name} event store`),
      this.readSide(),
    ]);
    // Without a sandbox Gantry still consults and serves, but refuses builds: health says so, without failing.
    const availability = await this.sandboxAvailability();
    const { driver, tier } = this.sandbox;
    const sandbox: SandboxCheck = availability.ok
      ? { status: 'up', tier, detail: `${driver}: ${availability.detail}` }
      : { status: 'unavailable', tier: 'none', detail: availability.detail };
    const online = database.status === 'up' && eventStore.status === 'up' && readSide.status === 'up';
    return {
      status: online ? 'online' : 'degraded',
      checks: { database, eventStore, sandbox, readSide },
      runtime: runtimeVersions(),
      speech: online
        ? 'Gantry is online.'
        : `Gantry is degraded: ${[database, eventStore, readSide]
            .filter((c) => c.status !== 'up')
            .map((c) => c.detail)
            .join('; ')}.`,
    };
  }

  private async readSide(): Promise<ReadSideCheck> {
    const ms = this.config.storeTimeoutMs;
    try {
      const counts = await withTimeout(this.parked.counts(), ms, () => new Error(`no answer within ${ms} ms`));
      const parked = Object.fromEntries(counts);
      if (counts.size === 0) return { status: 'up', detail: 'every feed processor is following the feed', parked };
      const named = [...counts].map(([checkpoint, count]) => `${checkpoint} (${count})`).join(', ');
      return { status: 'degraded', detail: `parked events: ${named}; see gantry projections parked`, parked };
    } catch (error) {
      return { status: 'down', detail: `read side: ${errorMessage(error)}`, parked: {} };
    }
  }

  /** Probing a sandbox can start one (bwrap): a public, unauthenticated endpoint must not do that on every call. */
  private sandboxAvailability(): Promise<SandboxAvailability> {
    const now = Date.now();
    if (!this.sandboxProbe || now - this.sandboxProbe.at > SANDBOX_PROBE_TTL_MS) {
      const result = this.sandbox.available().catch((error: unknown) => ({ ok: false, detail: errorMessage(error) }));
      this.sandboxProbe = { at: now, result };
    }
    return this.sandboxProbe.result;
  }

  private async check(probe: () => Promise<void>, what: string): Promise<CheckResult> {
    const ms = this.config.storeTimeoutMs;
    try {
      await withTimeout(probe(), ms, () => new Error(`no answer within ${ms} ms`));
      return { status: 'up', detail: what };
    } catch (error) {
      return { status: 'down', detail: `${what}: ${(error as Error).message}` };
    }
  }
}
