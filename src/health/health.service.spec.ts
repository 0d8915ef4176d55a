import type { GantryConfig } from '../config/gantry-config';
import type { Database } from '../database/database';
import type { EventStore } from '../missions/ports/event-store.port';
import type { ParkedEvents } from '../missions/ports/parked-events.port';
import type { Sandbox } from '../missions/ports/sandbox.port';
import { HEALTH_REFRESH_MS, HealthService, type HealthAnswer } from './health.service';

/** Stores whose answers a test sets, counting every probe. */
class Stores {
  probes = 0;
  databaseDown: Error | null = null;
  parked = new Map<string, number>();

  service(): HealthService {
    const ping = async (): Promise<void> => {
      this.probes += 1;
      if (this.databaseDown) throw this.databaseDown;
    };
    const database = { ping, isEmbedded: true } as unknown as Database;
    const store = { ping: () => Promise.resolve(), name: 'postgres' } as unknown as EventStore;
    const sandbox = { driver: 'docker', tier: 'container', available: () => Promise.resolve({ ok: true, detail: 'engine answers' }) } as unknown as Sandbox;
    const parked = { counts: () => Promise.resolve(new Map(this.parked)) } as unknown as ParkedEvents;
    return new HealthService({ storeTimeoutMs: 1000 } as GantryConfig, database, store, sandbox, parked);
  }
}

const answered = async (service: HealthService): Promise<HealthAnswer> => service.answer();

describe('HealthService: a report kept fresh in the background', () => {
  let stores: Stores;
  let service: HealthService;
  beforeEach(() => {
    jest.useFakeTimers();
    stores = new Stores();
    service = stores.service();
  });
  afterEach(() => {
    service.onModuleDestroy();
    jest.useRealTimers();
  });

  it('probes the stores for the first request only, then answers from the report with its bytes made once', async () => {
    const first = await answered(service);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ status: 'online', speech: 'Gantry is online.' });
    expect(first.headers['Content-Type']).toBe('application/json; charset=utf-8');
    const probes = stores.probes;
    for (let i = 0; i < 50; i += 1) expect(service.answer()).toBe(first); // no promise, no I/O: the same answer
    expect(stores.probes).toBe(probes);
  });

  it('refreshes every HEALTH_REFRESH_MS while asked: a store that goes down shows at the next probe (503), and the bytes change', async () => {
    const first = await answered(service);
    stores.databaseDown = new Error('connect ECONNREFUSED');
    await jest.advanceTimersByTimeAsync(HEALTH_REFRESH_MS);
    const down = await answered(service);
    expect(down.statusCode).toBe(503);
    expect(down.report.checks.database).toMatchObject({ status: 'down', detail: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(down.headers.ETag).not.toBe(first.headers.ETag);
    stores.databaseDown = null;
    await jest.advanceTimersByTimeAsync(HEALTH_REFRESH_MS);
    expect((await answered(service)).statusCode).toBe(200);
  });

  it('reports a parked event as degraded (still 200), and keeps the same bytes while nothing changes', async () => {
    await answered(service);
    stores.parked.set('projection:mission_summary', 2);
    await jest.advanceTimersByTimeAsync(HEALTH_REFRESH_MS);
    const degraded = await answered(service);
    expect(degraded.statusCode).toBe(200);
    expect(degraded.report).toMatchObject({ status: 'degraded', checks: { readSide: { status: 'degraded', parked: { 'projection:mission_summary': 2 } } } });
    await jest.advanceTimersByTimeAsync(HEALTH_REFRESH_MS);
    expect(await answered(service)).toBe(degraded);
  });

  it('never serves a report older than the refresh allows: with the timer stopped, the request waits for a probe', async () => {
    await answered(service);
    service.onModuleDestroy(); // no background refresh from here
    stores.databaseDown = new Error('gone');
    jest.setSystemTime(Date.now() + 3 * HEALTH_REFRESH_MS);
    const answer = service.answer();
    expect(answer).toBeInstanceOf(Promise);
    expect((await answer).statusCode).toBe(503);
  });

  it('stops probing in the background once nobody has asked for a while', async () => {
    await answered(service);
    await jest.advanceTimersByTimeAsync(60_000);
    const probes = stores.probes;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(stores.probes).toBe(probes);
  });
});
