import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseNotifications, MAX_PAYLOAD_BYTES, type Queryable } from '../../database/notifications';
import { ProjectionRunner } from './projection-runner';

/** Mission ids (comma-separated) whose read-model rows a projection commit changed, in whichever process ran it. */
export const MISSIONS_APPLIED_CHANNEL = 'gantry_missions_applied';

/** The missions that changed, or `all` when changes may have been missed (the listening connection came back). */
export type MissionChanges = ReadonlySet<string> | 'all';

/** Mission ids per notification, so that a payload stays under PostgreSQL's limit (36 characters and a comma each). */
const IDS_PER_NOTICE = Math.floor(MAX_PAYLOAD_BYTES / 37);

/**
 * Which missions' read models changed, across processes: the projection runner of whichever process runs
 * it announces each commit's missions on `gantry_missions_applied`, and every process (an API process
 * that runs no projections too) hears them. While this process does not listen, its own runner's commits
 * are passed on directly, so a single process never depends on the listening connection.
 */
@Injectable()
export class MissionChangeFeed implements OnModuleDestroy {
  private readonly listeners = new Set<(changes: MissionChanges) => void>();
  private readonly stopAnnouncing: Array<() => void>;
  private stopListening: (() => void) | null = null;

  constructor(
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    private readonly notifications: DatabaseNotifications,
  ) {
    // Only the process (or thread) whose runner committed announces, in the commit itself: a process that can read
    // the rows has the notice on its way (caughtUp() hands it over), and a crash cannot commit one without the other.
    // Commits relayed from a thread were announced there.
    this.stopAnnouncing = [
      runner.onCommitting((missionIds, client) => this.announce(missionIds, client)),
      runner.onApplied((missionIds) => this.passOn(missionIds)),
    ];
  }

  /** Calls `listener` with the missions of every change; returns the unsubscribe. */
  onChanged(listener: (changes: MissionChanges) => void): () => void {
    this.listen();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Whether changes made in other processes reach `onChanged` now: false while the listening connection is
   * down (a cache of read-model rows must then not be trusted; when it is back, listeners hear `all`).
   */
  get isListening(): boolean {
    return this.notifications.isListening;
  }

  onModuleDestroy(): void {
    this.stopAnnouncing.forEach((stop) => stop());
    this.stopListening?.();
  }

  /** While this process does not listen, its own read side's commits still reach its streams. */
  private passOn(missionIds: ReadonlySet<string>): void {
    if (this.listeners.size > 0 && !this.notifications.isListening) this.tell(missionIds);
  }

  private async announce(missionIds: ReadonlySet<string>, transaction: Queryable): Promise<void> {
    const ids = [...missionIds];
    for (let start = 0; start < ids.length; start += IDS_PER_NOTICE) {
      await this.notifications.notify(transaction, MISSIONS_APPLIED_CHANNEL, ids.slice(start, start + IDS_PER_NOTICE).join(','));
    }
  }

  private listen(): void {
    if (this.stopListening) return;
    const stopNotices = this.notifications.subscribe(MISSIONS_APPLIED_CHANNEL, (payload) => this.tell(new Set(payload.split(','))));
    const stopResync = this.notifications.onResync(() => this.tell('all'));
    this.stopListening = () => {
      stopNotices();
      stopResync();
    };
  }

  private tell(changes: MissionChanges): void {
    this.listeners.forEach((listener) => listener(changes));
  }
}
