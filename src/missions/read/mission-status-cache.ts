import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ForgettingCache, type ForgettingCacheOptions } from '../../kernel/forgetting-cache';
import { MissionChangeFeed, type MissionChanges } from './mission-change-feed';
import { MissionReadModel } from './mission-read-model';
import type { MissionSummaryEntity } from './mission-summary.entity';
import { ProjectionRunner } from './projection-runner';

export type MissionStatusCacheOptions = ForgettingCacheOptions;

export const MISSION_STATUS_CACHE_OPTIONS = Symbol('MISSION_STATUS_CACHE_OPTIONS');

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
  private readonly rows: ForgettingCache<MissionSummaryEntity>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(MissionReadModel) private readonly readModel: MissionReadModel,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    private readonly changes: MissionChangeFeed,
    @Optional() @Inject(MISSION_STATUS_CACHE_OPTIONS) options?: Partial<MissionStatusCacheOptions>,
  ) {
    this.rows = new ForgettingCache(() => this.changes.isListening, options);
  }

  /** The mission's summary row, or null when there is none (frozen: one row is shared by every reader). */
  summary(missionId: string): Promise<MissionSummaryEntity | null> {
    this.listen();
    return this.rows.get(missionId, async () => {
      const row = await this.readModel.summary(missionId);
      return row && Object.freeze(row);
    });
  }

  /** Forgets the missions whose read models changed (`all`: every mission). */
  forget(changes: MissionChanges): void {
    if (changes === 'all') this.rows.forgetAll();
    else changes.forEach((missionId) => this.rows.forget(missionId));
  }

  get size(): number {
    return this.rows.size;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
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
