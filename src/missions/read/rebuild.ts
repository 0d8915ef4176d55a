import { checkpointIdOf } from './projection';
import type { ProjectionRunner } from './projection-runner';
import { inTransaction } from './transaction';

export interface RebuildResult {
  projections: string[];
  /** Feed events read by the replay. */
  replayed: number;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Empties the runner's projection tables and resets their checkpoints in one transaction, then replays
 * the feed from the start, with the runner's own live batches held off meanwhile. Rows are pure functions
 * of the events, so the result equals the live run's. A runner in another process notices the reset (its
 * next checkpoint claim fails) and starts over too.
 */
export async function rebuildProjections(runner: ProjectionRunner): Promise<RebuildResult> {
  const tables = [...new Set(runner.projections.flatMap((projection) => projection.tables))];
  const replayed = await runner.exclusively(async (drain) => {
    await inTransaction(runner.dataSource, async (manager, client) => {
      if (tables.length > 0) await manager.query(`TRUNCATE ${tables.map(quoteIdentifier).join(', ')}`);
      const checkpoints = runner.checkpoints.within(client);
      for (const projection of runner.projections) await checkpoints.reset(checkpointIdOf(projection));
    });
    runner.forgetPositions();
    return drain();
  });
  return { projections: runner.projections.map((projection) => projection.name), replayed };
}
