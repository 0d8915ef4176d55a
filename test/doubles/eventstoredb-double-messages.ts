/**
 * Protobuf messages of the EventStoreDB gRPC double (see eventstoredb-grpc-double.ts): requests read into the
 * double's terms, answers built in the shapes EventStoreDB gives them. A TEST DOUBLE, not EventStoreDB.
 */
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AllStreamPosition, Empty, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type {
  DoubleAllFrom,
  DoubleAppendOutcome,
  DoubleExpected,
  DoubleProposedEvent,
  DoubleReadFrom,
  DoubleRecord,
  EventStoreDbDoubleStore,
} from './eventstoredb-double-store';

const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DoubleRequestError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

export function streamName(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'stream_identifier is required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function identifierOf(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

export function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): DoubleProposedEvent {
  const id = message.getId();
  const idText = id?.hasString() ? id.getString() : '';
  if (!UUID_FORMAT.test(idText)) throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, `"${idText}" is not a UUID`);
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) {
    throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'proposed message lacks type or content-type');
  }
  return {
    id: idText.toLowerCase(),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function appendExpectation(options: AppendReq.Options): DoubleExpected {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function batchExpectation(options: BatchAppendReq.Options): DoubleExpected {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

/** Streams.Append's answer, with the 20.6.0 fields set beside the current ones, as the server does. */
export function appendResponse(outcome: DoubleAppendOutcome, expected: DoubleExpected): AppendResp {
  const response = new AppendResp();
  if (outcome.ok) {
    const success = new AppendResp.Success();
    if (outcome.lastRevision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.lastRevision.toString());
    if (outcome.position) {
      success.setPosition(
        new AppendResp.Position().setCommitPosition(outcome.position.commit.toString()).setPreparePosition(outcome.position.prepare.toString()),
      );
    } else success.setNoPosition(new Empty());
    return response.setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (expected.kind === 'any') wrong.setExpectedAny(new Empty()).setAny2060(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else wrong.setExpectedRevision(expected.revision.toString()).setExpectedRevision2060(Number(expected.revision));
  if (outcome.current < 0n) wrong.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString()).setCurrentRevision2060(Number(outcome.current));
  return response.setWrongExpectedVersion(wrong);
}

export function packedStatus(code: Code, message: string, details?: WrongExpectedVersion): Status {
  const status = new Status().setCode(code).setMessage(message);
  if (details) {
    const any = new Any();
    any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    status.setDetails(any);
  }
  return status;
}

/** Streams.BatchAppend's answer: success, or a google.rpc.Status as Status.WrongExpectedVersion builds it. */
export function batchResponse(outcome: DoubleAppendOutcome, expected: DoubleExpected): BatchAppendResp {
  const response = new BatchAppendResp();
  if (outcome.ok) {
    const success = new BatchAppendResp.Success();
    if (outcome.lastRevision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.lastRevision.toString());
    if (outcome.position) {
      success.setPosition(
        new AllStreamPosition().setCommitPosition(outcome.position.commit.toString()).setPreparePosition(outcome.position.prepare.toString()),
      );
    } else success.setNoPosition(new Empty());
    return response.setSuccess(success);
  }
  const details = new WrongExpectedVersion();
  if (outcome.current < 0n) details.setCurrentNoStream(new Empty());
  else details.setCurrentStreamRevision(outcome.current.toString());
  if (expected.kind === 'any') details.setExpectedAny(new Empty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new Empty());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new Empty());
  else details.setExpectedStreamPosition(expected.revision.toString());
  return response.setError(packedStatus(Code.ALREADY_EXISTS, 'WrongExpectedVersion', details));
}

export function readEvent(record: DoubleRecord): ReadResp {
  const event = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(identifierOf(record.stream))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.commit.toString())
    .setPreparePosition(record.position.prepare.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  event.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created.toString());
  const read = new ReadResp.ReadEvent().setEvent(event).setCommitPosition(record.position.commit.toString());
  return new ReadResp().setEvent(read);
}

export function readResponses(store: EventStoreDbDoubleStore, request: ReadReq): ReadResp[] {
  const options = request.getOptions();
  if (!options) throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'options are required');
  if (options.getCountOptionCase() !== ReadReq.Options.CountOptionCase.COUNT) {
    throw new DoubleRequestError(grpc.status.UNIMPLEMENTED, 'the double does not implement subscriptions');
  }
  if (options.getFilterOptionCase() === ReadReq.Options.FilterOptionCase.FILTER) {
    throw new DoubleRequestError(grpc.status.UNIMPLEMENTED, 'the double does not implement filtered reads');
  }
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = BigInt(options.getCount());
  const stream = options.getStream();
  if (stream) {
    const name = streamName(stream.getStreamIdentifier());
    const from: DoubleReadFrom = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
    const records = store.readStream(name, backwards, from, count);
    if (!records) return [new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(identifierOf(name)))];
    return records.map(readEvent);
  }
  const all = options.getAll();
  if (!all) throw new DoubleRequestError(grpc.status.INVALID_ARGUMENT, 'stream or all options are required');
  const position = all.getPosition();
  const from: DoubleAllFrom = position
    ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
    : all.hasEnd()
      ? 'end'
      : 'start';
  return store.readAll(backwards, from, count).map(readEvent);
}
