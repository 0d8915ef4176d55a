import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { CheckpointMovedError } from '../ports/checkpoint-store.port';
import type { EventStore, GlobalPosition, RecordedEvent } from '../ports/event-store.port';
import type { PostgresCheckpointStore } from '../infrastructure/postgres-checkpoint-store';
import { drainFeed } from '../application/feed/feed-pass';
import type { FeedBatch, FeedProcessor, Parking } from '../application/feed/feed-processor';
import { PoisonWatch, type ParkedNotice } from '../application/feed/poison-watch';
import type { ParkedEvents } from '../ports/parked-events.port';
import { isUuid } from '../../kernel/uuid';
import { WakeSignal } from '../../kernel/wake-signal';
import { missionIdOf } from '../domain/mission-events';
import { toMissionEvent } from './mission-catalogue';
import { MissionFolder } from './mission-fold';
import { appliedSummaryRevision } from './mission-summary.projection';
import { checkpointIdOf, type ProjectedEvent, type Projection } from './projection';
import { inTransaction } from './transaction';
import { ProjectionTimeoutError } from './projection-timeout.error';

export interface ProjectionRunnerDeps {
  dataSource: DataSource;
  store: EventStore;
  /** PostgreSQL checkpoints, so that each batch's rows and checkpoint commit together. */
  checkpoints: PostgresCheckpointStore;
  projections: Projection[];
  /** Where its own drains (catch-up, rebuild) set aside an event a projection cannot apply; absent: they stop on it. */
  parked?: ParkedEvents;
}

/** Writes into a commit of the runner before it ends (see ProjectionRunner.onCommitting). */
export type CommittingListener = (missionIds: ReadonlySet<string>, client: PoolClient) => Promise<void>;

export interface ProjectionRunnerOptions {
  /** Events per read when the runner reads the feed itself (`catchUp`, rebuilds); live, the feed consumer reads. */
  batchSize?: number;
  /** Another runner (or a rebuild) moved a checkpoint: the batch was rolled back and the runner goes on from the stored one. */
  onCheckpointMoved?: (error: CheckpointMovedError) => void;
  /** Failures in a row of one event before its own drains park it (a data error parks at once). */
  parkAfter?: number;
  onParked?: ParkedNotice;
}

const DEFAULT_BATCH = 200;
const DEFAULT_PARK_AFTER = 3;
/** waitForRevision also looks at the table this often, for batches committed by other processes. */
const WAIT_POLL_MS = 50;

/**
 * The mission read models as one processor of the feed consumer. Each projection has its own checkpoint
 * (`projection:<name>`); its rows for a batch and its checkpoint after the batch are written in one
 * transaction, which first claims the checkpoint (saving it onto itself locks its row and fails if it
 * moved), so two runners never interleave on a projection and a stale one rolls back before any work.
 * Projections at the same position (the usual case) share one read of the feed, one fold of each
 * mission and one transaction. Its batches run one at a time, so that `exclusively` can hold them off.
 */
export class ProjectionRunner implements FeedProcessor {
  readonly name = 'projections';
  readonly dataSource: DataSource;
  readonly checkpoints: PostgresCheckpointStore;
  readonly projections: readonly Projection[];
  readonly parked: ParkedEvents | null;
  readonly parking: Parking;
  private readonly store: EventStore;
  private readonly watch: PoisonWatch | null;
  private readonly folder: MissionFolder;
  private readonly known = new Map<string, GlobalPosition>();
  /** The missions someone waits for (waitForRevision), each woken only by commits that change it. */
  private readonly awaited = new Map<string, { commits: WakeSignal; waiters: number }>();
  private readonly appliedListeners = new Set<(missionIds: ReadonlySet<string>) => void>();
  private readonly committingListeners = new Set<CommittingListener>();
  /** The runner as its own drains see it: already inside `exclusively`, so not queued again. */
  private readonly unqueued: FeedProcessor;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    deps: ProjectionRunnerDeps,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.dataSource = deps.dataSource;
    this.store = deps.store;
    this.checkpoints = deps.checkpoints;
    this.projections = [...deps.projections];
    this.folder = new MissionFolder(deps.store);
    this.parked = deps.parked ?? null;
    this.watch = deps.parked ? new PoisonWatch(deps.parked, options.parkAfter ?? DEFAULT_PARK_AFTER, options.onParked) : null;
    this.parking = {
      passOver: (checkpoint, from, event) => this.exclusively(() => this.passOver(checkpoint, from, event.position)),
      redeliver: (checkpoint, event) => this.exclusively(() => this.redeliver(checkpoint, event)),
    };
    this.unqueued = {
      name: this.name,
      positions: () => this.currentPositions(),
      handleBatch: (batch) => this.apply(batch),
      forgetPositions: () => this.forgetPositions(),
      parking: {
        passOver: (checkpoint, from, event) => this.passOver(checkpoint, from, event.position),
        redeliver: (checkpoint, event) => this.redeliver(checkpoint, event),
      },
    };
  }

  positions(): Promise<ReadonlyMap<string, GlobalPosition>> {
    return this.exclusively(() => this.currentPositions());
  }

  handleBatch(batch: FeedBatch): Promise<void> {
    return this.exclusively(() => this.apply(batch));
  }

  /** Applies everything in the feed so far, then resolves with the number of feed events read. For tests, rebuilds and tools. */
  catchUp(): Promise<number> {
    return this.exclusively((drain) => drain());
  }

  /**
   * Runs `work` when no batch of this runner is in progress and keeps its batches out until `work` is
   * done; `work` may catch up itself with the `drain` it is given (calling `catchUp` there would wait forever).
   */
  exclusively<T>(work: (drain: () => Promise<number>) => Promise<T>): Promise<T> {
    const drain = (): Promise<number> => drainFeed(this.store, [this.unqueued], this.options.batchSize ?? DEFAULT_BATCH, this.watch ?? undefined);
    const result = this.queue.then(() => work(drain));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Called after each commit with the missions whose rows it changed (live streams wake on it); returns the unsubscribe. */
  onApplied(listener: (missionIds: ReadonlySet<string>) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /**
   * Called inside each transaction this runner commits (not those of a twin in a thread), before it ends, with
   * the missions whose rows it changes and the transaction's client: what the listener writes there (a NOTIFY)
   * commits with the rows or not at all. Returns the unsubscribe.
   */
  onCommitting(listener: CommittingListener): () => void {
    this.committingListeners.add(listener);
    return () => this.committingListeners.delete(listener);
  }

  /**
   * Commits made by this runner's twin in a worker thread (see projectionsHostedApart): wakes
   * `waitForRevision` and the `onApplied` listeners as a commit of this runner would.
   */
  relayApplied(missionIds: ReadonlySet<string>): void {
    if (missionIds.size === 0) return;
    missionIds.forEach((missionId) => this.awaited.get(missionId)?.commits.notify());
    this.appliedListeners.forEach((listener) => listener(missionIds));
  }

  private async beforeCommit(missionIds: ReadonlySet<string>, client: PoolClient): Promise<void> {
    if (missionIds.size === 0) return;
    for (const listener of this.committingListeners) await listener(missionIds, client);
  }

  /** Forgets the checkpoints held in memory: the next batch reloads them (after a failure, or a rebuild reset them). */
  forgetPositions(): void {
    this.known.clear();
  }

  /**
   * Resolves once mission_summary has applied `revision` of the mission (read-your-writes); rejects with a
   * ProjectionTimeoutError after `timeoutMs`. The other read models commit in the same transaction while
   * they keep pace (the usual case). A revision whose type the catalogue does not know is never applied.
   */
  async waitForRevision(missionId: string, revision: number, timeoutMs: number): Promise<void> {
    if (!isUuid(missionId)) throw new TypeError(`waitForRevision: "${missionId}" is not a mission id (a UUID)`);
    const deadline = Date.now() + timeoutMs;
    const awaited = this.awaited.get(missionId) ?? { commits: new WakeSignal(), waiters: 0 };
    awaited.waiters += 1;
    this.awaited.set(missionId, awaited);
    try {
      for (;;) {
        const seen = awaited.commits.generation;
        const applied = await appliedSummaryRevision(this.dataSource, missionId);
        if (applied !== null && applied >= revision) return;
        const left = deadline - Date.now();
        if (left <= 0) throw new ProjectionTimeoutError(missionId, revision, applied, timeoutMs);
        await awaited.commits.wait(Math.min(left, WAIT_POLL_MS), seen);
      }
    } finally {
      awaited.waiters -= 1;
      if (awaited.waiters === 0) this.awaited.delete(missionId);
    }
  }

  /** Moves one projection's checkpoint past an event it cannot apply (claiming it first: it must still stand at `from`). */
  private async passOver(checkpoint: string, from: GlobalPosition, to: GlobalPosition): Promise<void> {
    const projection = this.projectionOf(checkpoint);
    this.known.delete(projection.name);
    await inTransaction(this.dataSource, async (_manager, client) => this.checkpoints.within(client).save(checkpoint, from, to));
    this.known.set(projection.name, to);
  }

  /** Applies one event to one projection again, leaving its checkpoint where it is (a parked event's retry). */
  private async redeliver(checkpoint: string, recorded: RecordedEvent): Promise<void> {
    const projection = this.projectionOf(checkpoint);
    const events = await this.project([recorded]);
    const missionIds = missionIdsOf(events);
    await inTransaction(this.dataSource, async (manager, client) => {
      for (const event of events) if (projection.handles.has(event.event.type)) await projection.apply(event, manager);
      await this.beforeCommit(missionIds, client);
    });
    this.relayApplied(missionIds);
  }

  private projectionOf(checkpoint: string): Projection {
    const projection = this.projections.find((candidate) => checkpointIdOf(candidate) === checkpoint);
    if (!projection) throw new Error(`No projection keeps the checkpoint ${checkpoint}`);
    return projection;
  }

  private async currentPositions(): Promise<ReadonlyMap<string, GlobalPosition>> {
    const positions = new Map<string, GlobalPosition>();
    for (const projection of this.projections) positions.set(checkpointIdOf(projection), await this.positionOf(projection));
    return positions;
  }

  /** The projections the batch names that still stand at its start (a rebuild may have moved them while it waited). */
  private async apply({ events, from, to, checkpoints }: FeedBatch): Promise<void> {
    const group: Projection[] = [];
    for (const projection of this.projections) {
      if (checkpoints.includes(checkpointIdOf(projection)) && (await this.positionOf(projection)) === from) group.push(projection);
    }
    if (group.length > 0) await this.applyBatch(group, from, to, await this.project(events));
  }

  private async positionOf(projection: Projection): Promise<GlobalPosition> {
    const known = this.known.get(projection.name);
    if (known !== undefined) return known;
    const stored = await this.checkpoints.load(checkpointIdOf(projection));
    this.known.set(projection.name, stored);
    return stored;
  }

  /** Mission events of known types, folded; other streams and unknown types are left out (the checkpoint still passes them). */
  private async project(events: readonly RecordedEvent[]): Promise<ProjectedEvent[]> {
    const projected: ProjectedEvent[] = [];
    for (const recorded of events) {
      const missionId = missionIdOf(recorded.stream);
      if (missionId === null) continue;
      const folded = await this.folder.fold(recorded);
      const event = toMissionEvent(recorded);
      if (event === null) continue;
      const { stream, revision, position, metadata, hash } = recorded;
      projected.push({ missionId, stream, revision, position, event, metadata, hash, ...folded });
    }
    return projected;
  }

  /**
   * The group's rows and each member's checkpoint in one transaction, so that the read models agree with
   * each other (what mission_summary shows, the others show too). Should that fail for another reason than
   * a moved checkpoint, each member gets its own transaction: one failing projection does not hold the rest back.
   */
  private async applyBatch(group: Projection[], after: GlobalPosition, last: GlobalPosition, events: ProjectedEvent[]): Promise<void> {
    try {
      await this.commitBatch(group, after, last, events);
    } catch (error) {
      group.forEach((projection) => this.known.delete(projection.name)); // the stored checkpoints are the truth
      if (error instanceof CheckpointMovedError) return this.options.onCheckpointMoved?.(error);
      if (group.length === 1) throw error;
      await this.applyEach(group, after, last, events);
    }
  }

  private async applyEach(group: Projection[], after: GlobalPosition, last: GlobalPosition, events: ProjectedEvent[]): Promise<void> {
    const failures: unknown[] = [];
    for (const projection of group) {
      await this.applyBatch([projection], after, last, events).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  }

  private async commitBatch(group: Projection[], after: GlobalPosition, last: GlobalPosition, events: ProjectedEvent[]): Promise<void> {
    const missionIds = missionIdsOf(events);
    await inTransaction(this.dataSource, async (manager, client) => {
      const checkpoints = this.checkpoints.within(client);
      // Claim first, always in the runner's projection order: locks each checkpoint row, throws if one moved.
      for (const projection of group) await checkpoints.save(checkpointIdOf(projection), after, after);
      for (const projection of group) {
        for (const event of events) if (projection.handles.has(event.event.type)) await projection.apply(event, manager);
      }
      for (const projection of group) await checkpoints.save(checkpointIdOf(projection), after, last);
      await this.beforeCommit(missionIds, client);
    });
    group.forEach((projection) => this.known.set(projection.name, last));
    this.relayApplied(missionIds);
  }
}

function missionIdsOf(events: readonly ProjectedEvent[]): Set<string> {
  return new Set(events.map((event) => event.missionId));
}
