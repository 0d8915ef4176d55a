import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WrongExpectedRevisionError } from '../ports/event-store.errors';
import { EVENT_STORE, type AppendResult, type EventStore, type NewEvent } from '../ports/event-store.port';
import { missionStream, type MissionEvent } from '../domain/mission-events';
import { evolve, foldMission, type MissionState } from '../domain/mission.state';

export interface Actor {
  /** Who asked: a user name, or `gantry` for the pipeline. */
  actor: string;
  correlationId?: string;
  causationId?: string;
}

export interface Recorded {
  state: MissionState;
  appended: AppendResult | null;
}

const MAX_CONFLICT_RETRIES = 10;

/** Missions as event streams: loaded by folding, changed by appending at the revision that was read. */
@Injectable()
export class MissionRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(missionId: string): Promise<MissionState> {
    const events = await this.store.readStream(missionStream(missionId));
    return foldMission(
      events.map(
        (event) =>
          ({ type: event.type, data: event.data, revision: event.revision, occurredAt: event.metadata.occurredAt }) as MissionEvent & {
            revision: number;
            occurredAt: string;
          },
      ),
    );
  }

  /**
   * Decides against fresh state and appends at the revision it read. On a concurrent append the
   * decision is made again from the new state, never lost and never applied to stale state.
   */
  async change(missionId: string, actor: Actor, decide: (state: MissionState) => MissionEvent[] | Promise<MissionEvent[]>): Promise<Recorded> {
    for (let attempt = 0; ; attempt += 1) {
      const state = await this.load(missionId);
      const events = await decide(state);
      if (events.length === 0) return { state, appended: null };
      try {
        const expected = state.revision < 0 ? 'no_stream' : state.revision;
        const appended = await this.store.append(
          missionStream(missionId),
          events.map((event) => this.toNewEvent(event, actor)),
          expected,
        );
        const next = events.reduce<MissionState>((folded, event) => evolve(folded, event), state);
        return { state: { ...next, revision: appended.nextRevision }, appended };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  private toNewEvent(event: MissionEvent, actor: Actor): NewEvent {
    const eventId = randomUUID();
    return {
      type: event.type,
      data: event.data,
      metadata: {
        eventId,
        occurredAt: new Date().toISOString(),
        actor: actor.actor,
        correlationId: actor.correlationId ?? eventId,
        causationId: actor.causationId ?? actor.correlationId ?? eventId,
        schemaVersion: 1,
      },
    };
  }
}
