import { QUARANTINE_WORD } from './cluster';
import type { Prng } from './prng';

export const TERMINAL_STATUSES = ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'];

/**
 * What a mission of the mix is meant to show (its invariant: kind-invariants.ts). `heal`: a direct build whose
 * attempt-1 sandboxes the run kills mid-test: the offline templates pass their own tests and healing gives the
 * same templates, so no offline input fails then heals; the failure has to come from outside. `blocked`: a
 * project "named" with a word the chaos policy refuses in a package name (the offline architect names it as asked).
 */
export type MissionKind = 'direct' | 'consultation' | 'heal' | 'blocked';

export interface PlannedMission {
  index: number;
  kind: MissionKind;
  prompt: string;
}

export interface SentMission extends PlannedMission {
  id: string;
}

const APPS = [
  'a todo app with priorities and due dates',
  'a notes app',
  'a kanban board',
  'a pomodoro timer',
  'an expense tracker',
  'a landing page for my bakery',
  'a unit converter for length, weight and temperature',
  'a habit tracker with a weekly grid of checkboxes',
  'a countdown timer',
  'flashcards for learning French',
  'a poll for the team lunch',
  'a recipe book where I can add recipes with ingredients and steps',
];

/** At least one of each kind when there is room, then a seeded mix; the order is shuffled by the same seed. */
export function planMissions(count: number, prng: Prng): PlannedMission[] {
  const kinds: MissionKind[] = ['direct', 'consultation', 'heal', 'blocked'].slice(0, count) as MissionKind[];
  const weighted: MissionKind[] = ['direct', 'direct', 'consultation', 'consultation', 'heal', 'blocked'];
  while (kinds.length < count) kinds.push(prng.pick(weighted));
  return prng.shuffle(kinds).map((kind, index) => {
    const app = prng.pick(APPS);
    const prompt = kind === 'blocked' ? `${app} named ${QUARANTINE_WORD} ${index}` : `${app} for chaos run mission ${index}`;
    return { index, kind, prompt };
  });
}

/** One thing at a time on the API: a mission being sent, or the API being killed (so a request is never cut in half and resent). */
export class ApiGate {
  private tail: Promise<unknown> = Promise.resolve();

  hold<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

/** A 503 that says the turn was recorded (the read models were slow to show it): the mission exists, so it is not sent again. */
const RECORDED_BUT_BEHIND = /mission ([0-9a-f-]{36}) was recorded/;

/** The connection was refused: the request never reached a server. */
function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Talks to the API process as a person would (a session cookie), following it across restarts. */
export class ChaosClient {
  private cookie = '';

  constructor(
    private readonly port: () => number,
    private readonly password: string,
  ) {}

  /** GETs give up after 30 s (the status is polled again); a POST waits for its answer, however slow, so it is never sent twice. */
  private async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${this.port()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: this.cookie, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: method === 'GET' ? AbortSignal.timeout(30_000) : null,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async login(): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port()}/gantry/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: this.password }),
    });
    if (response.status !== 200) throw new Error(`signing in answered ${response.status}: ${await response.text()}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  }

  /**
   * A 503 (the database restarting) or a refused connection changed nothing: try again for up to a minute.
   * Nothing else is retried: the run never cuts a request in half on purpose (ApiGate), and a request that
   * failed in flight may have been recorded, so sending it again could open a second mission.
   */
  private async post(path: string, body: unknown, expected: number, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 60_000;
    const attempt = () => this.request('POST', path, body, headers).catch((error: unknown) => (refused(error) ? null : Promise.reject(error as Error)));
    let answer = await attempt();
    while ((answer === null || (answer.status === 503 && !RECORDED_BUT_BEHIND.test(String(answer.body.message)))) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      answer = await attempt();
    }
    if (answer === null) throw new Error(`POST ${path}: the API did not answer for a minute`);
    const recorded = RECORDED_BUT_BEHIND.exec(String(answer.body.message));
    if (answer.status === 503 && recorded) return { mission_id: recorded[1] };
    if (answer.status !== expected) throw new Error(`POST ${path} answered ${answer.status} (expected ${expected}): ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Sends one mission of the plan; a consultation is opened, then confirmed ("ship it"). */
  async send(mission: PlannedMission): Promise<SentMission> {
    if (mission.kind !== 'consultation') {
      const started = await this.post('/gantry/architect', { voice_memo: mission.prompt }, 202);
      return { ...mission, id: String(started.mission_id) };
    }
    const client = { 'X-Gantry-Client': `chaos-consultation-${mission.index}` };
    const opened = await this.post('/gantry/consult', { message: `Build me ${mission.prompt}` }, 200, client);
    await this.post('/gantry/consult', { message: 'ship it', mission_id: opened.mission_id }, 202, client);
    return { ...mission, id: String(opened.mission_id) };
  }

  /** The status, or null while the API is down or restarting (the caller polls again). */
  async status(id: string): Promise<string | null> {
    try {
      let answer = await this.request('GET', `/gantry/status/${id}`);
      if (answer.status === 401) {
        await this.login();
        answer = await this.request('GET', `/gantry/status/${id}`);
      }
      return answer.status === 200 ? String(answer.body.status) : null;
    } catch {
      return null;
    }
  }
}

/** Polls every mission's status through the API until all are final or the deadline passes; returns the last seen. */
export async function waitForFinal(client: ChaosClient, missions: SentMission[], deadline: number): Promise<Map<string, string | null>> {
  const seen = new Map<string, string | null>(missions.map((mission) => [mission.id, null]));
  const open = () => missions.filter((mission) => !TERMINAL_STATUSES.includes(seen.get(mission.id) ?? ''));
  while (open().length > 0 && Date.now() < deadline) {
    for (const mission of open()) seen.set(mission.id, await client.status(mission.id));
    if (open().length > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return seen;
}
