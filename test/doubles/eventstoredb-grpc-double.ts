/**
 * An in-memory EventStoreDB gRPC server for tests: a TEST DOUBLE, not EventStoreDB.
 *
 * It is built on the client's own generated service definitions (`@eventstore/db-client/generated`),
 * so the real `EventStoreDBClient` talks to it over real HTTP/2 and protobuf. It proves that the
 * adapter maps our port onto the client correctly; it proves nothing about EventStoreDB itself
 * (run the contract suite against a real server with EVENTSTORE_CONNECTION_STRING for that).
 *
 * Implemented, in the shapes EventStoreDB 23.x answers with:
 * - ServerFeatures.GetSupportedMethods: the method list (then the client appends with Streams.BatchAppend),
 *   or UNIMPLEMENTED when started with `{ batchAppend: false }` (as a 20.x server; the client then uses Streams.Append);
 * - Streams.Append and Streams.BatchAppend, with expected-revision checks and wrong-expected-version
 *   answers (AppendResp.wrong_expected_version; a google.rpc.Status ALREADY_EXISTS carrying
 *   event_store.client.WrongExpectedVersion);
 * - Streams.Read of one stream (forwards/backwards, from a revision, start or end, stream_not_found) and of
 *   $all (forwards inclusive from a position, backwards exclusive), without filters or subscriptions.
 * Everything else answers UNIMPLEMENTED.
 */
import * as grpc from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { ServerFeaturesService, type IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendResp, type AppendReq, type BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import {
  appendExpectation,
  appendResponse,
  batchExpectation,
  batchResponse,
  DoubleRequestError,
  identifierOf,
  packedStatus,
  proposedEvent,
  readResponses,
  streamName,
} from './eventstoredb-double-messages';
import { EventStoreDbDoubleStore, type DoubleExpected, type DoubleProposedEvent } from './eventstoredb-double-store';

export interface EventStoreDbDouble {
  connectionString: string;
  /** The in-memory log, for tests that need to look behind the adapter or slip a write in. */
  store: EventStoreDbDoubleStore;
  stop(): Promise<void>;
}

export interface EventStoreDbDoubleOptions {
  /** Advertise Streams.BatchAppend in ServerFeatures, as EventStoreDB 21.10+ does (default true). */
  batchAppend?: boolean;
}

const SERVER_VERSION = '23.10.0';

function serviceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof DoubleRequestError) return { code: error.code, details: error.message };
  return { code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) };
}

function streamsImplementation(store: EventStoreDbDoubleStore): IStreamsServer {
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the EventStoreDB double' }, null);
  return {
    read(call) {
      store.called('Streams.Read');
      try {
        for (const response of readResponses(store, call.request)) call.write(response);
        call.end();
      } catch (error) {
        call.emit('error', serviceError(error));
      }
    },
    append(call, callback) {
      store.called('Streams.Append');
      let options: AppendReq.Options | undefined;
      const events: DoubleProposedEvent[] = [];
      let failed: unknown = null;
      call.on('data', (request: AppendReq) => {
        try {
          const proposed = request.getProposedMessage();
          if (request.hasOptions()) options = request.getOptions();
          else if (proposed && options) events.push(proposedEvent(proposed));
          else throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'options must come first');
        } catch (error) {
          failed ??= error;
        }
      });
      call.on('end', () => {
        if (failed) {
          callback(serviceError(failed), null);
          return;
        }
        try {
          if (!options) throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'options are required');
          const expected = appendExpectation(options);
          callback(null, appendResponse(store.append(streamName(options.getStreamIdentifier()), expected, events), expected));
        } catch (error) {
          callback(serviceError(error), null);
        }
      });
    },
    batchAppend(call) {
      store.called('Streams.BatchAppend');
      const pending = new Map<string, { stream: string; expected: DoubleExpected; events: DoubleProposedEvent[] }>();
      call.on('data', (request: BatchAppendReq) => {
        const correlation = request.getCorrelationId();
        const key = correlation?.getString() ?? '';
        const options = request.getOptions();
        let stream = options ? options.getStreamIdentifier() : undefined;
        try {
          if (options) pending.set(key, { stream: streamName(stream), expected: batchExpectation(options), events: [] });
          const write = pending.get(key);
          if (!write) return;
          stream = identifierOf(write.stream);
          write.events.push(...request.getProposedMessagesList().map(proposedEvent));
          if (!request.getIsFinal()) return;
          pending.delete(key);
          const response = batchResponse(store.append(write.stream, write.expected, write.events), write.expected);
          call.write(response.setCorrelationId(correlation).setStreamIdentifier(stream));
        } catch (error) {
          pending.delete(key);
          const status = packedStatus(Code.INVALID_ARGUMENT, error instanceof Error ? error.message : String(error));
          call.write(new BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(stream).setError(status));
        }
      });
      call.on('end', () => call.end());
    },
    delete: unimplemented,
    tombstone: unimplemented,
  };
}

function serverFeaturesImplementation(store: EventStoreDbDoubleStore, batchAppend: boolean): IServerFeaturesServer {
  return {
    getSupportedMethods(_call, callback) {
      store.called('ServerFeatures.GetSupportedMethods');
      if (!batchAppend) {
        callback({ code: grpc.status.UNIMPLEMENTED, details: 'Method not found' }, null);
        return;
      }
      const method = (name: string, features: string[] = []) =>
        new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name).setFeaturesList(features);
      const methods = [method('read', ['position', 'events']), method('append'), method('batchappend', ['deadline_duration'])];
      callback(null, new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods));
    },
  };
}

/** Starts the double on 127.0.0.1, on a free port, without TLS. */
export async function startEventStoreDbDouble(options: EventStoreDbDoubleOptions = {}): Promise<EventStoreDbDouble> {
  const store = new EventStoreDbDoubleStore();
  const server = new grpc.Server();
  server.addService(StreamsService, streamsImplementation(store));
  server.addService(ServerFeaturesService, serverFeaturesImplementation(store, options.batchAppend ?? true));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    store,
    stop: async () => {
      server.forceShutdown();
    },
  };
}
