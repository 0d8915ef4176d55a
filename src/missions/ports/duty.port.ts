/**
 * A singleton duty: work that runs in exactly one process at a time among every process on the database
 * (the projections, the audit export, the pipeline's feed, the sandbox reaper). Whichever process holds it
 * runs it; the others stand by and take it over when the holder dies.
 */
export interface Duty {
  readonly name: string;
  /** True while this process holds the duty. */
  readonly held: boolean;
  /** True once this process holds the duty, trying to take it when a try is due (never waits for the holder). */
  hold(): Promise<boolean>;
}

export const DUTIES = Symbol('DUTIES');

/** Hands out this process's claim on each duty, by name. */
export interface Duties {
  duty(name: string): Duty;
}

/** The duties' names, the same in every process. */
export const DUTY = {
  projections: 'projections',
  auditExport: 'audit-export',
  pipelineFeed: 'pipeline-feed',
  sandboxReaper: 'sandbox-reaper',
} as const;
