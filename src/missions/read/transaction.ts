import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one TypeORM transaction and also hands it the pg client underneath, so that stores
 * written with plain pg (the checkpoints) take part in the same transaction. Rolls back on any error.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager, client: PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  // TypeORM types a driver's connection as any; the postgres driver's is the pg pool client.
  const client = (await runner.connect()) as PoolClient;
  try {
    await runner.startTransaction();
    const result = await work(runner.manager, client);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
