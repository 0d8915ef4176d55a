import type { GantryConfig } from '../config/gantry-config';

/** What the read side's worker thread is started with. */
export interface ReadSideThreadData {
  /** The process's config, with the database URL it actually uses (the embedded server's, when it runs one). */
  config: GantryConfig;
}

/** From the HTTP process to the thread: an append happened here (wake at once), or stop. */
export type ToReadSide = { kind: 'appended' } | { kind: 'stop' };

/** From the thread: it is up; a commit changed these missions; or it failed to start. */
export type FromReadSide = { kind: 'ready' } | { kind: 'applied'; missionIds: string[] } | { kind: 'failed'; message: string };
