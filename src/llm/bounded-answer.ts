import { Transform, type Readable } from 'node:stream';

/** The most a model's answer may hold on the wire; an architect's whole app is far below it. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export class AnswerTooLargeError extends Error {
  readonly code = 'LLM_ANSWER_TOO_LARGE';
  constructor(limit: number) {
    super(`The model's answer is larger than ${limit} bytes; it was refused without being read whole`);
  }
}

/** Whether an error is, or was caused by, an answer refused for its size (SDKs may wrap the stream's error). */
export function answerTooLargeIn(error: unknown): AnswerTooLargeError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof AnswerTooLargeError) return current;
  }
  return null;
}

function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  return contentLength !== null && contentLength !== undefined && Number(contentLength) > limit;
}

/** A web stream that errors as soon as more than `limit` bytes pass through it. */
function boundedWebStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new AnswerTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * A fetch for an SDK (OpenAI's) whose answers are read with a byte limit: one that declares more is
 * refused before its body is read, one that sends more is cut off as soon as it passes the limit.
 */
export function boundedFetch(limit = MAX_ANSWER_BYTES, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (declaredTooLarge(response.headers.get('content-length'), limit)) {
      await response.body?.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limit);
    }
    if (!response.body) return response;
    return new Response(boundedWebStream(response.body, limit), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The same for a Node stream (the AWS SDK's HTTP handler answers with one). */
export function boundedNodeStream(body: Readable, contentLength: string | undefined, limit = MAX_ANSWER_BYTES): Readable {
  if (declaredTooLarge(contentLength, limit)) {
    body.destroy();
    throw new AnswerTooLargeError(limit);
  }
  let seen = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new AnswerTooLargeError(limit));
      else callback(null, chunk);
    },
  });
  body.on('error', (error) => bounded.destroy(error));
  bounded.on('error', () => body.destroy());
  return body.pipe(bounded);
}
