import { HttpException, HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { AuthenticatedCaller } from '../../auth/door/caller';
import { CallerResolver } from '../../auth/door/caller-resolver';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { WakeSignal } from '../../kernel/wake-signal';
import { TERMINAL_STATUSES } from '../domain/mission-status';
import { MissionChangeFeed } from '../read/mission-change-feed';
import { GetMissionRevisionsQuery } from '../read/queries/get-mission-revisions.query';
import { GetMissionStatusQuery } from '../read/queries/get-mission-status.query';
import { GetMissionTimelineQuery } from '../read/queries/get-mission-timeline.query';
import { presentSummary, presentTimelineEntry } from './mission.presenter';

/** The backstop for a change announcement that never came (the database briefly unreachable): this often, one query looks at every open stream's mission. */
const FALLBACK_POLL_MS = 10_000;
const HEARTBEAT_MS = 15_000;
/** How often every open stream's credentials are checked again (a revoked session or token, a deleted user). */
const REVALIDATE_MS = 5_000;

type EndReason = 'finished' | 'idle' | 'signed_out' | 'shutdown';

const END_SPEECH: Record<Exclude<EndReason, 'finished'>, string> = {
  idle: 'Nothing has changed for a while, so I closed the live view.',
  signed_out: 'You are signed out, so I closed the live view.',
  shutdown: 'Gantry is restarting; reconnect in a moment.',
};

class LiveStream {
  readonly wakeUp = new WakeSignal();
  closed = false;
  lastRevision = -1;
  lastChange = Date.now();

  constructor(
    readonly missionId: string,
    readonly caller: AuthenticatedCaller,
    readonly request: Request,
    readonly response: Response,
  ) {}

  send(event: string, data: unknown): void {
    if (!this.closed) this.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}

/**
 * The live mission streams of this process. A stream sleeps until the projections commit a change to its
 * mission, in this process or any other (announced through PostgreSQL by `MissionChangeFeed`, not polled;
 * a slow poll remains as a backstop), then sends what changed. It ends when the mission reaches a final status, after `streams.idleMs` without
 * a change, when its caller's session or token is revoked or the user deleted, or at shutdown. One user
 * may hold `streams.perUser` open at once; past that, 429.
 */
@Injectable()
export class MissionStreams implements OnModuleDestroy {
  private readonly open = new Set<LiveStream>();
  private unsubscribe: (() => void) | null = null;
  private readonly timers: NodeJS.Timeout[];

  constructor(
    private readonly queries: QueryBus,
    private readonly moduleRef: ModuleRef,
    private readonly changes: MissionChangeFeed,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {
    this.timers = [
      setInterval(() => void this.revalidate(), REVALIDATE_MS),
      setInterval(() => void this.wakeChangedUnannounced(), FALLBACK_POLL_MS),
      setInterval(() => this.open.forEach((stream) => stream.response.write(': keep-alive\n\n')), HEARTBEAT_MS),
    ];
    this.timers.forEach((timer) => timer.unref());
  }

  get size(): number {
    return this.open.size;
  }

  /** Refuses a stream past the caller's limit (429 with a sentence), before the response has begun. */
  admit(caller: AuthenticatedCaller): void {
    const { perUser } = this.config.streams;
    const mine = [...this.open].filter((stream) => stream.caller.name === caller.name).length;
    if (mine >= perUser) {
      throw new HttpException(`You have ${perUser} live mission streams open already; close one before opening another`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  /** Serves the stream until it ends; the caller has been admitted and may see the mission. */
  async serve(missionId: string, caller: AuthenticatedCaller, request: Request, response: Response): Promise<void> {
    this.admit(caller);
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    // HEAD has no body, and Node sends its headers only when the response ends: answer them now, open nothing.
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    this.followChanges();
    const stream = new LiveStream(missionId, caller, request, response);
    this.open.add(stream);
    response.on('close', () => this.close(stream));
    while (!stream.closed) {
      const seen = stream.wakeUp.generation;
      await this.refresh(stream);
      if (stream.closed) break;
      const idleLeft = stream.lastChange + this.config.streams.idleMs - Date.now();
      if (idleLeft <= 0) this.end(stream, 'idle');
      else await stream.wakeUp.wait(idleLeft, seen);
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.timers.forEach((timer) => clearInterval(timer));
    this.open.forEach((stream) => this.end(stream, 'shutdown'));
  }

  /** Listens for changes from the first stream on, so that a process that serves none opens no listening connection for them. */
  private followChanges(): void {
    this.unsubscribe ??= this.changes.onChanged((changed) =>
      this.open.forEach((stream) => (changed === 'all' || changed.has(stream.missionId)) && stream.wakeUp.notify()),
    );
  }

  private async refresh(stream: LiveStream): Promise<void> {
    const { missionId, caller } = stream;
    try {
      const summary = presentSummary(await this.queries.execute(new GetMissionStatusQuery(missionId, caller)));
      if (summary.revision > stream.lastRevision) {
        const entries = await this.queries.execute(new GetMissionTimelineQuery(missionId, caller, stream.lastRevision));
        entries.forEach((entry) => stream.send('timeline', presentTimelineEntry(entry)));
        stream.send('mission', summary);
        stream.lastRevision = summary.revision;
        stream.lastChange = Date.now();
      }
      if (TERMINAL_STATUSES.has(summary.status)) {
        stream.send('end', { mission_id: missionId, status: summary.status, reason: 'finished', speech: summary.speech });
        this.close(stream);
      }
    } catch {
      this.close(stream); // the mission is gone from this caller's view (archived, deleted owner): nothing more to say
    }
  }

  private end(stream: LiveStream, reason: Exclude<EndReason, 'finished'>): void {
    stream.send('end', { mission_id: stream.missionId, reason, speech: END_SPEECH[reason] });
    this.close(stream);
  }

  private close(stream: LiveStream): void {
    if (stream.closed) return;
    stream.closed = true;
    this.open.delete(stream);
    stream.wakeUp.notify();
    stream.response.end();
  }

  /** The backstop, for every open stream at once: one query for their missions' revisions wakes those that moved on unannounced. */
  private async wakeChangedUnannounced(): Promise<void> {
    if (this.open.size === 0) return;
    const missionIds = [...new Set([...this.open].map((stream) => stream.missionId))];
    const revisions = await this.queries.execute(new GetMissionRevisionsQuery(missionIds)).catch(() => new Map<string, number>());
    this.open.forEach((stream) => (revisions.get(stream.missionId) ?? -1) > stream.lastRevision && stream.wakeUp.notify());
  }

  /** Asks the door again who each stream's credentials name; streams of the same credentials share one look-up. */
  private async revalidate(): Promise<void> {
    const resolver = this.moduleRef.get(CallerResolver, { strict: false });
    const verdicts = new Map<string, Promise<boolean>>();
    for (const stream of [...this.open]) {
      const key = `${stream.request.header('authorization') ?? ''} ${stream.request.headers.cookie ?? ''}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = resolver.current(stream.request).then(
          (current) => current?.name === stream.caller.name,
          () => true, // the door could not answer (database down): keep the stream, ask again next time
        );
        verdicts.set(key, verdict);
      }
      if (!(await verdict)) this.end(stream, 'signed_out');
    }
  }
}
