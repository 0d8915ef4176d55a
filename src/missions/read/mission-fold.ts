import type { EventStore, RecordedEvent } from '../ports/event-store.port';
import { evolve, NO_MISSION, type Mission, type MissionState } from '../domain/mission.state';
import { toMissionEvent } from './mission-catalogue';

/**
 * A mission as the read models see it after some revision: the domain's own state (every status,
 * speech and plan rule comes from `evolve`) plus the few facts only the read models want.
 */
export interface MissionSnapshot {
  state: MissionState;
  /** Last revision consumed, known type or not; -1 before the first event. */
  through: number;
  /** `PipelineStepStarted` with step 'build', over every run. */
  buildAttempts: number;
  /** The isolation tier of the latest build attempt (its driver for events recorded before tiers); null before one. */
  sandboxTier: string | null;
  /** `metadata.occurredAt` of `MissionOpened`, never the projector's clock. */
  openedAt: string | null;
  /** `metadata.occurredAt` of the last event of a known type. */
  updatedAt: string | null;
}

export const EMPTY_SNAPSHOT: MissionSnapshot = { state: NO_MISSION, through: -1, buildAttempts: 0, sandboxTier: null, openedAt: null, updatedAt: null };

/** A snapshot of an opened mission: the only kind the read models show. */
export type OpenedSnapshot = MissionSnapshot & { state: Mission };

export function isOpened(snapshot: MissionSnapshot): snapshot is OpenedSnapshot {
  return snapshot.state.exists;
}

/** Folds one recorded event in. Pure. An event of an unknown type changes nothing but `through`. */
export function foldRecorded(snapshot: MissionSnapshot, recorded: RecordedEvent): MissionSnapshot {
  const event = toMissionEvent(recorded);
  if (event === null) return { ...snapshot, through: recorded.revision };
  const occurredAt = recorded.metadata.occurredAt;
  const buildStarted = event.type === 'PipelineStepStarted' && event.data.step === 'build';
  return {
    state: { ...evolve(snapshot.state, event), revision: recorded.revision },
    through: recorded.revision,
    buildAttempts: snapshot.buildAttempts + (buildStarted ? 1 : 0),
    sandboxTier: event.type === 'BuildAttemptStarted' ? (event.data.tier ?? event.data.driver) : snapshot.sandboxTier,
    openedAt: event.type === 'MissionOpened' ? occurredAt : snapshot.openedAt,
    updatedAt: occurredAt,
  };
}

export interface FoldedEvent {
  before: MissionSnapshot;
  after: MissionSnapshot;
}

export class MissionStreamGapError extends Error {
  readonly code = 'MISSION_STREAM_GAP';
  constructor(stream: string, revision: number, found: number) {
    super(`Cannot fold ${stream} up to revision ${revision}: the store returned ${found} of its ${revision} earlier events`);
  }
}

const DEFAULT_CAPACITY = 2_000;

/**
 * Gives the snapshot before and after each event. It keeps the last snapshot of recently seen missions,
 * so following the feed (or replaying it) folds each event once; when the event is not the next one
 * after what it holds (a restart, another projection's position), it reads the stream up to the event
 * and folds it from the start. The cache is only a shortcut: a snapshot is a pure function of the
 * stream's events, which never change, so a rolled-back batch cannot leave it wrong.
 */
export class MissionFolder {
  private readonly recent = new Map<string, MissionSnapshot>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async fold(recorded: RecordedEvent): Promise<FoldedEvent> {
    const before = await this.snapshotBefore(recorded.stream, recorded.revision);
    const after = foldRecorded(before, recorded);
    this.remember(recorded.stream, after);
    return { before, after };
  }

  private async snapshotBefore(stream: string, revision: number): Promise<MissionSnapshot> {
    if (revision === 0) return EMPTY_SNAPSHOT;
    const cached = this.recent.get(stream);
    if (cached?.through === revision - 1) return cached;
    const earlier = await this.store.readStream(stream, { fromRevision: 0, maxCount: revision });
    if (earlier.length !== revision || earlier[earlier.length - 1].revision !== revision - 1) {
      throw new MissionStreamGapError(stream, revision, earlier.length);
    }
    return earlier.reduce(foldRecorded, EMPTY_SNAPSHOT);
  }

  /** Least recently used missions leave first. */
  private remember(stream: string, snapshot: MissionSnapshot): void {
    this.recent.delete(stream);
    this.recent.set(stream, snapshot);
    if (this.recent.size <= this.capacity) return;
    const oldest = this.recent.keys().next();
    if (!oldest.done) this.recent.delete(oldest.value);
  }
}
