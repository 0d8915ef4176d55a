import type { CallFailure } from '../retrying-call';
import { safeMessage } from '../safe-message';
import { isTransientNetworkError, isTransientStatus } from '../transient-errors';

/** Bedrock's own names for transient failures (ModelNotReady: the model is still loading, try again). */
const RETRYABLE_ERRORS = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
]);

interface SdkErrorShape {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

function sdkShape(error: unknown): SdkErrorShape {
  if (error instanceof Error) return error;
  return { name: 'Error', message: String(error) };
}

export function classifyBedrockError(error: unknown): CallFailure {
  const { name, message, $metadata } = sdkShape(error);
  const status = $metadata?.httpStatusCode;
  const retryable = RETRYABLE_ERRORS.has(name) || isTransientStatus(status) || isTransientNetworkError(error);
  const where = status === undefined ? name : `${name} (HTTP ${status})`;
  return { retryable, message: `${where}: ${safeMessage(message)}` };
}
