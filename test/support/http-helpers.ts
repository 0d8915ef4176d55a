import type supertest from 'supertest';
import { TERMINAL_STATUSES } from '../../src/missions/domain/mission-status';
import type { EventsBody } from './bodies';

type Http = ReturnType<typeof supertest>;

/** Polls the status endpoint until the mission reaches one of `statuses` (bounded; never asserts on time). */
export async function waitForStatus(http: Http, missionId: string, statuses: string[], tries = 200): Promise<Record<string, unknown>> {
  let last: Record<string, unknown> = {};
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const response = await http.get(`/gantry/status/${missionId}`);
    last = response.body as Record<string, unknown>;
    if (response.status === 200 && statuses.includes(String(last.status))) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Mission ${missionId} never reached ${statuses.join('/')}; last seen ${JSON.stringify(last)}`);
}

/** Polls until the mission's run has ended, whatever the outcome; bounded for sandbox builds (a failing run heals once or twice). */
export function waitForEnd(http: Http, missionId: string): Promise<Record<string, unknown>> {
  return waitForStatus(http, missionId, [...TERMINAL_STATUSES], 1200);
}

export async function eventTypes(http: Http, missionId: string): Promise<string[]> {
  const response = await http.get(`/gantry/missions/${missionId}/events`).expect(200);
  return (response.body as EventsBody).events.map((event) => event.type);
}

/** A 1×1 PNG, the smallest real image. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
