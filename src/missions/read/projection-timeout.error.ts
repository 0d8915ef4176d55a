/** mission_summary did not apply a revision in time (read-your-writes gave up waiting). */
export class ProjectionTimeoutError extends Error {
  readonly code = 'PROJECTION_TIMEOUT';
  constructor(
    readonly missionId: string,
    readonly revision: number,
    readonly applied: number | null,
    readonly timeoutMs: number,
  ) {
    const at = applied === null ? 'has no row for it yet' : `is at revision ${applied}`;
    super(`mission_summary has not applied revision ${revision} of mission ${missionId} within ${timeoutMs} ms (it ${at})`);
  }
}
