import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
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

/** A report, and the bytes of its answer: made once per refresh, sent as they are to every request meanwhile. */
export interface HealthAnswer {
  report: HealthReport;
  /** 200 while the stores answer, 503 when one does not. */
  statusCode: HttpStatus.OK | HttpStatus.SERVICE_UNAVAILABLE;
  /** The report as JSON: a string, so that Node writes the head and the body in one write. */
  body: string;
  headers: Readonly<Record<'Content-Type' | 'Content-Length' | 'ETag', string>>;
}

const SANDBOX_PROBE_TTL_MS = 30_000;
/** How often the stores are probed in the background while /health is being asked. */
export const HEALTH_REFRESH_MS = 250;
/** A report older than this (a probe that hangs, a starved timer) is not served: the request waits for the probe. */
const STALE_AFTER_MS = HEALTH_REFRESH_MS * 2;
/**
 * With nobody asking for this long, the background probing stops (the next request probes afresh): a few
 * refresh periods, so that a monitor asking every few seconds pays one probe per request, not four a second.
 */
const IDLE_AFTER_MS = 8 * HEALTH_REFRESH_MS;

function answerOf(report: HealthReport, previous: HealthAnswer | null): HealthAnswer {
  const { database, eventStore } = report.checks;
  const statusCode = database.status === 'up' && eventStore.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
  const body = JSON.stringify(report);
  if (previous?.statusCode === statusCode && previous.body === body) return previous;
  const length = Buffer.byteLength(body);
  const etag = `W/"${length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
  return { report, statusCode, body, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(length), ETag: etag } };
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private sandboxProbe: { at: number; result: Promise<SandboxAvailability> } | null = null;
  /** The probe under way: requests that arrive meanwhile share it (a public route must not multiply database round trips). */
  private making: Promise<HealthAnswer> | null = null;
  private current: HealthAnswer | null = null;
  private madeAt = 0;
  private askedAt = 0;
  private refresher: NodeJS.Timeout | null = null;

  constructor(
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(PARKED_EVENTS) private readonly parked: ParkedEvents,
  ) {}

  /**
   * 200 while the stores answer (`degraded` with a parked event: Gantry still serves, one mission's view
   * lags), 503 when a store does not. The stores are probed in the background every 250 ms while /health
   * is asked, so a request does no I/O: it gets the last report, at most ~250 ms old, its bytes made once.
   * A failure shows at the probe that meets it; the first request (or one after a long quiet) waits for a probe.
   */
  answer(): HealthAnswer | Promise<HealthAnswer> {
    const now = Date.now();
    this.askedAt = now;
    this.keepRefreshing();
    if (this.current && now - this.madeAt <= STALE_AFTER_MS) return this.current;
    return this.refresh();
  }

  async report(): Promise<HealthReport> {
    return (await this.answer()).report;
  }

  onModuleDestroy(): void {
    if (this.refresher) clearInterval(this.refresher);
    this.refresher = null;
  }

  private refresh(): Promise<HealthAnswer> {
    this.making ??= this.makeReport()
      .then((report) => {
        this.current = answerOf(report, this.current);
        this.madeAt = Date.now();
        return this.current;
      })
      .finally(() => (this.making = null));
    return this.making;
  }

  private keepRefreshing(): void {
    if (this.refresher) return;
    this.refresher = setInterval(() => {
      if (Date.now() - this.askedAt > IDLE_AFTER_MS) this.onModuleDestroy();
      else void this.refresh().catch(() => undefined); // makeReport turns every failure into a report
    }, HEALTH_REFRESH_MS);
    this.refresher.unref();
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
