import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase } from '../support/test-database';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('postgres', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore(db.database.pool);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});
