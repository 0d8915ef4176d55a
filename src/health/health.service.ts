import { Inject, Injectable } from '@nestjs/common';
import { errorMessage } from '../kernel/error-message';
import { runtimeVersions, type RuntimeVersions } from '../kernel/runtime-versions';
import { withTimeout } from '../kernel/with-timeout';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { EVENT_STORE, type EventStore } from '../missions/ports/event-store.port';
import { SANDBOX, type Sandbox, type SandboxAvailability } from '../missions/ports/sandbox.port';

export interface CheckResult {
  status: 'up' | 'down' | 'unavailable';
  detail: string;
}

/** The sandbox check also names the isolation tier builds run in (docs/architecture.md, the sandbox). */
export interface SandboxCheck extends CheckResult {
  tier: string;
}

export interface HealthReport {
  status: 'online' | 'degraded';
  checks: { database: CheckResult; eventStore: CheckResult; sandbox: SandboxCheck };
  runtime: RuntimeVersions;
  speech: string;
}

const SANDBOX_PROBE_TTL_MS = 30_000;

@Injectable()
export class HealthService {
  private sandboxProbe: { at: number; result: Promise<SandboxAvailability> } | null = null;

  constructor(
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, eventStore] = await Promise.all([
      this.check(() => this.database.ping(), this.database.isEmbedded ? 'embedded PostgreSQL' : 'PostgreSQL (DATABASE_URL)'),
      this.check(() => this.store.ping(), `${this.store.name} event store`),
    ]);
    // Without a sandbox Gantry still consults and serves, but refuses builds: health says so, without failing.
    const availability = await this.sandboxAvailability();
    const { driver, tier } = this.sandbox;
    const sandbox: SandboxCheck = availability.ok
      ? { status: 'up', tier, detail: `${driver}: ${availability.detail}` }
      : { status: 'unavailable', tier: 'none', detail: availability.detail };
    const online = database.status === 'up' && eventStore.status === 'up';
    return {
      status: online ? 'online' : 'degraded',
      checks: { database, eventStore, sandbox },
      runtime: runtimeVersions(),
      speech: online
        ? 'Gantry is online.'
        : `Gantry is degraded: ${[database, eventStore]
            .filter((c) => c.status !== 'up')
            .map((c) => c.detail)
            .join('; ')}.`,
    };
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
