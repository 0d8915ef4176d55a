import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { MissionChangeFeed, type MissionChanges } from './mission-change-feed';
import { MissionReadModel } from './mission-read-model';
import type { MissionSummaryEntity } from './mission-summary.entity';
import { ProjectionRunner } from './projection-runner';

export interface MissionStatusCacheOptions {
  /** How long a row is trusted without reading it again (the backstop for a lost notification). */
  ttlMs: number;
  /** Missions kept at most; the least recently read go first. */
  maxEntries: number;
  now: () => number;
}

export const MISSION_STATUS_CACHE_OPTIONS = Symbol('MISSION_STATUS_CACHE_OPTIONS');

const DEFAULTS: MissionStatusCacheOptions = { ttlMs: 5000, maxEntries: 10_000, now: Date.now };

interface Entry {
  row: MissionSummaryEntity;
  expiresAt: number;
}

/**
 * Each mission's summary row as the status route shows it, remembered so that polling a mission's status
 * costs a map lookup instead of a query. A row is forgotten when its mission's read models change:
 * - at once in this process when its own projections commit (inline, or relayed from its read-side thread)
 *   and when a command here has waited for its change to be shown (AwaitReadModels), so a status read after
 *   a command's own commit is never stale in the process that made it;
 * - in every other process when `gantry_missions_applied` arrives (MissionChangeFeed): at most that late.
 * While the listening connection is down the cache is not used at all, and it starts empty when it is back;
 * a TTL is the backstop. A read begun before a change is never remembered after it. Unknown missions are
 * never remembered (a flood of made-up ids cannot fill the memory). Ownership is checked by the caller on
 * every read, exactly as for a row read from the database.
 */
@Injectable()
export class MissionStatusCache implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly options: MissionStatusCacheOptions;
  /** Goes up on every forgetting: a read that began before one does not store what it found. */
  private epoch = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(MissionReadModel) private readonly readModel: MissionReadModel,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    private readonly changes: MissionChangeFeed,
    @Optional() @Inject(MISSION_STATUS_CACHE_OPTIONS) options?: Partial<MissionStatusCacheOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The mission's summary row, or null when there is none. */
  async summary(missionId: string): Promise<MissionSummaryEntity | null> {
    this.listen();
    if (!this.changes.isListening) return this.readModel.summary(missionId);
    const entry = this.entries.get(missionId);
    if (entry) {
      this.entries.delete(missionId);
      if (entry.expiresAt > this.options.now()) {
        this.entries.set(missionId, entry); // the most recently read last: eviction takes the first
        return entry.row;
      }
    }
    const epoch = this.epoch;
    const row = await this.readModel.summary(missionId);
    if (row && epoch === this.epoch && this.changes.isListening) this.remember(missionId, row);
    return row;
  }

  /** Forgets the missions whose read models changed (`all`: every mission). */
  forget(changes: MissionChanges): void {
    this.epoch += 1;
    if (changes === 'all') this.entries.clear();
    else changes.forEach((missionId) => this.entries.delete(missionId));
  }

  get size(): number {
    return this.entries.size;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private remember(missionId: string, row: MissionSummaryEntity): void {
    this.entries.set(missionId, { row: Object.freeze(row), expiresAt: this.options.now() + this.options.ttlMs }); // shared by every reader
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Subscribes on first use, so that a process that never reads a status (a worker, the CLI) opens no listening connection for it. */
  private listen(): void {
    if (this.unsubscribe) return;
    const stopOwn = this.runner.onApplied((missionIds) => this.forget(missionIds));
    const stopOthers = this.changes.onChanged((changes) => this.forget(changes));
    this.unsubscribe = () => {
      stopOwn();
      stopOthers();
    };
  }
}
