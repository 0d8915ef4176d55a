import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { startEventStoreDbDouble } from '../doubles/eventstoredb-grpc-double';
import { describeEventStoreContract } from './event-store.contract';

// The double proves the adapter's mapping onto the client; only a real server proves EventStoreDB's side.
describeEventStoreContract('eventstoredb (gRPC double, Streams.BatchAppend)', async () => {
  const double = await startEventStoreDbDouble({ batchAppend: true });
  const store = new EventStoreDbEventStore(double.connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

describeEventStoreContract('eventstoredb (gRPC double, Streams.Append)', async () => {
  const double = await startEventStoreDbDouble({ batchAppend: false });
  const store = new EventStoreDbEventStore(double.connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  describeEventStoreContract('eventstoredb (real server)', async () => {
    const store = new EventStoreDbEventStore(connectionString);
    return { store, cleanup: () => store.close() };
  });
}
