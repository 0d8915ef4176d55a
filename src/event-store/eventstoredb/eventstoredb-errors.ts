import { ErrorType, isCommandError } from '@eventstore/db-client';
import { EventStoreError, EventStoreUnavailableError } from '../../missions/ports/event-store.errors';
import { errorMessage } from '../../kernel/error-message';

/** Client errors that mean the server could not be reached or did not answer. */
const TRANSPORT_ERRORS = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.CANCELLED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER]);
/** gRPC status codes with the same meaning, for errors the client hands back unconverted. */
const TRANSPORT_CODES = new Set<number>([1, 4, 14]);

/** Which server, within what bound, doing what: the context of the port's errors. */
export interface ClientCall {
  /** The connection string without credentials. */
  label: string;
  timeoutMs: number;
  what: string;
}

function isTransportFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return TRANSPORT_ERRORS.has(error.type);
  const code: unknown = (error as Error & { code?: unknown }).code;
  return (typeof code === 'number' && TRANSPORT_CODES.has(code)) || error.message.startsWith('Failed to discover');
}

/** A read of a stream that does not exist: the port reads it as empty. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}

export function closedError({ label, what }: ClientCall): EventStoreUnavailableError {
  return new EventStoreUnavailableError(`EventStoreDB event store for ${label} is closed (${what})`);
}

export function timeoutError({ label, timeoutMs, what }: ClientCall): EventStoreUnavailableError {
  return new EventStoreUnavailableError(`EventStoreDB at ${label} did not answer within ${timeoutMs} ms (${what})`);
}

/** The port's error for a failed call to the client: transport failures become EventStoreUnavailableError, the rest pass through. */
export function translateClientError(error: unknown, call: ClientCall): unknown {
  if (error instanceof EventStoreError || !isTransportFailure(error)) return error;
  if (error instanceof Error && isCommandError(error) && error.type === ErrorType.DEADLINE_EXCEEDED) return timeoutError(call);
  return new EventStoreUnavailableError(`EventStoreDB at ${call.label} is unavailable (${call.what}): ${errorMessage(error)}`);
}
