/**
 * Projection lag, measured inside the server process: missions are opened by appending straight to the
 * app's own EventStore (the path every command takes, so the feed consumer that runs the ProjectionRunner
 * is woken by the append as in production), on a fixed schedule; each append's lag is the time from its
 * append resolving (the event is committed) to mission_summary showing its revision. Two observers: an
 * independent connection polling the table, and the runner's own `waitForRevision` (which the HTTP writes
 * use for read-your-writes).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { EventStore, NewEvent } from '../src/missions/ports/event-store.port';
import { missionStream, type MissionEvent } from '../src/missions/domain/mission-events';
import { decide } from '../src/missions/domain/mission.decisions';
import { evolve, NO_MISSION } from '../src/missions/domain/mission.state';
import type { ProjectionRunner } from '../src/missions/read/projection-runner';
import { distribution, type LagFigures, type LagOptions } from './api-protocol';

export interface LagDeps {
  store: EventStore;
  runner: ProjectionRunner;
  databaseUrl: string;
}

interface Pending {
  revision: number;
  appendedAt: number;
}

const PROMPTS = ['A todo app with priorities and dark mode', 'A recipe box with search', 'A pomodoro timer', 'A habit tracker with streaks'];

/** MissionOpened + UserMessageReceived, as a consultation's first turn records them (before the reply). */
function openingEvents(missionId: string, index: number): NewEvent[] {
  const owner = `client:bench-lag-${String(index).padStart(5, '0')}`;
  const prompt = PROMPTS[index % PROMPTS.length];
  const opened = decide({ type: 'OpenConsultation', opening: { missionId, prompt, deploy: false, publish: false, channel: 'web', owner } }, NO_MISSION);
  const state = opened.reduce(evolve, NO_MISSION);
  const events: MissionEvent[] = [...opened, ...decide({ type: 'ReceiveMessage', text: prompt }, state)];
  const correlationId = randomUUID();
  return events.map((event) => {
    const eventId = randomUUID();
    return {
      type: event.type,
      data: event.data,
      metadata: { eventId, occurredAt: new Date().toISOString(), actor: owner, correlationId, causationId: correlationId, schemaVersion: 1 },
    };
  });
}

/** Polls mission_summary for the pending missions until `stop()`; records each one's lag the first time it shows. */
class SummaryPoller {
  readonly lags: number[] = [];
  private running = true;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly client: Client,
    private readonly pending: Map<string, Pending>,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.pending.size > 0) await this.pollOnce();
      await sleep(this.pollMs);
    }
  }

  private async pollOnce(): Promise<void> {
    // The snapshot is taken when the query starts: a row it shows became visible before `sent`, and after
    // the previous poll's `sent` (or that poll would have seen it). So lag is an upper bound, off by at
    // most one poll interval plus one query.
    const sent = performance.now();
    const { rows } = await this.client.query<{ id: string; rev: number }>(
      'SELECT mission_id::text AS id, last_revision AS rev FROM mission_summary WHERE mission_id = ANY($1::uuid[])',
      [[...this.pending.keys()]],
    );
    for (const row of rows) {
      const wanted = this.pending.get(row.id);
      if (!wanted || row.rev < wanted.revision) continue;
      this.lags.push(sent - wanted.appendedAt);
      this.pending.delete(row.id);
    }
  }
}

export async function measureLag(deps: LagDeps, options: LagOptions): Promise<LagFigures> {
  const client = new Client({ connectionString: deps.databaseUrl });
  await client.connect();
  const pending = new Map<string, Pending>();
  const poller = new SummaryPoller(client, pending, options.pollMs);
  const appendMs: number[] = [];
  const waitedMs: number[] = [];
  const appends: Array<Promise<void>> = [];
  const waits: Array<Promise<void>> = [];
  let failed = 0;
  let firstAppend = Number.NaN;
  let lastAppend = Number.NaN;

  const openOne = async (index: number): Promise<void> => {
    const missionId = randomUUID();
    const events = openingEvents(missionId, index);
    const started = performance.now();
    let appendedAt: number;
    let revision: number;
    try {
      revision = (await deps.store.append(missionStream(missionId), events, 'no_stream')).nextRevision;
      appendedAt = performance.now();
    } catch {
      failed += 1;
      return;
    }
    if (Number.isNaN(firstAppend)) firstAppend = appendedAt;
    lastAppend = appendedAt;
    appendMs.push(appendedAt - started);
    pending.set(missionId, { revision, appendedAt });
    waits.push(
      deps.runner
        .waitForRevision(missionId, revision, options.settleMs + options.seconds * 1000)
        .then(() => {
          waitedMs.push(performance.now() - appendedAt);
        })
        .catch(() => undefined),
    );
  };

  poller.start();
  try {
    const total = Math.round(options.ratePerSecond * options.seconds);
    const interval = 1000 / options.ratePerSecond;
    const origin = performance.now();
    for (let index = 0; index < total; index += 1) {
      const due = origin + index * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      appends.push(openOne(index));
    }
    await Promise.all(appends); // never rejects: a failed append is counted
    const deadline = performance.now() + options.settleMs;
    while (pending.size > 0 && performance.now() < deadline) await sleep(options.pollMs);
    await Promise.race([Promise.all(waits), sleep(Math.max(0, deadline - performance.now()))]);
    const opened = appendMs.length;
    return {
      opened,
      failed,
      ratePerSecond: opened > 1 ? ((opened - 1) * 1000) / (lastAppend - firstAppend) : Number.NaN,
      append: distribution(appendMs),
      polled: distribution(poller.lags),
      waited: distribution(waitedMs),
      missed: pending.size,
    };
  } finally {
    await poller.stop();
    await client.end();
  }
}
