import type { Pool, PoolClient } from 'pg';
import { CheckpointMovedError, type CheckpointStore } from '../ports/checkpoint-store.port';
import { START, type GlobalPosition } from '../ports/event-store.port';

type Queryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'>;

/** Checkpoints in PostgreSQL, whichever store holds the events, so a projection can save its rows and its checkpoint in one transaction. */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly db: Queryable) {}

  /** The same store bound to a caller's transaction. */
  within(client: PoolClient): PostgresCheckpointStore {
    return new PostgresCheckpointStore(client);
  }

  async load(subscriptionId: string): Promise<GlobalPosition> {
    const { rows } = await this.db.query<{ position: string }>('SELECT position FROM subscription_checkpoints WHERE subscription_id = $1', [subscriptionId]);
    return rows[0]?.position ?? START;
  }

  async save(subscriptionId: string, expected: GlobalPosition, next: GlobalPosition): Promise<void> {
    const result =
      expected === START
        ? await this.db.query(
            `INSERT INTO subscription_checkpoints (subscription_id, position) VALUES ($1, $2)
             ON CONFLICT (subscription_id) DO UPDATE SET position = $2, updated_at = now()
             WHERE subscription_checkpoints.position = $3`,
            [subscriptionId, next, START],
          )
        : await this.db.query('UPDATE subscription_checkpoints SET position = $2, updated_at = now() WHERE subscription_id = $1 AND position = $3', [
            subscriptionId,
            next,
            expected,
          ]);
    if (result.rowCount !== 1) throw new CheckpointMovedError(subscriptionId, expected);
  }

  async reset(subscriptionId: string): Promise<void> {
    await this.db.query('DELETE FROM subscription_checkpoints WHERE subscription_id = $1', [subscriptionId]);
  }
}
