import { checkpointIdOf } from './projection';
import type { ProjectionRunner } from './projection-runner';
import { inTransaction } from './transaction';

export interface RebuildResult {
  projections: string[];
  /** Feed events read by the replay. */
  replayed: number;
  /** Events a projection could not apply, set aside on the way (`gantry projections parked` lists them). */
  parked: number;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Empties the runner's projection tables and resets their checkpoints in one transaction, then replays
 * the feed from the start, with the runner's own live batches held off meanwhile. Rows are pure functions
 * of the events, so the result equals the live run's. A runner in another process notices the reset (its
 * next checkpoint claim fails) and starts over too. The projections' parked events are forgotten with their
 * rows: the replay meets them again, and parks again those that still cannot be applied, without stopping.
 */
export async function rebuildProjections(runner: ProjectionRunner): Promise<RebuildResult> {
  const tables = [...new Set(runner.projections.flatMap((projection) => projection.tables))];
  const checkpointIds = runner.projections.map(checkpointIdOf);
  const replayed = await runner.exclusively(async (drain) => {
    await inTransaction(runner.dataSource, async (manager, client) => {
      if (tables.length > 0) await manager.query(`TRUNCATE ${tables.map(quoteIdentifier).join(', ')}`);
      const checkpoints = runner.checkpoints.within(client);
      for (const projection of runner.projections) await checkpoints.reset(checkpointIdOf(projection));
    });
    await runner.parked?.clear(checkpointIds);
    runner.forgetPositions();
    return drain();
  });
  const parked = runner.parked ? (await runner.parked.list(checkpointIds)).length : 0;
  return { projections: runner.projections.map((projection) => projection.name), replayed, parked };
}
