import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Socket } from 'node:net';
import { toErrorBody } from './http-exception.filter';

const KB = 1024;
/** Routes that take a design image: a 5 MB image is about 6.7 MB as base64. Everything else is small. */
const IMAGE_ROUTES = ['/gantry/consult', '/gantry/voice'];
const IMAGE_BODY_LIMIT = 8 * KB * KB;
/**
 * Every other body: the largest any route accepts is a chat of 32,000 characters (CHAT_LIMITS), under
 * 200 KB even with every character a six-byte JSON escape.
 */
export const BODY_LIMIT = 256 * KB;
/**
 * How long a refused connection stays half-open after its answer: long enough for a client still sending
 * to read the 413 and close, rather than meet a reset; nothing more is read from it meanwhile.
 */
const LINGER_MS = 2_000;

/** The declared length, or null when the body comes in chunks (or there is none). */
function declaredLength(request: Request): number | null {
  const header = request.headers['content-length'];
  return header === undefined ? null : Number(header);
}

function comesInChunks(request: Request): boolean {
  return request.headers['content-length'] === undefined && request.headers['transfer-encoding'] !== undefined;
}

function sizeText(bytes: number): string {
  return bytes >= KB * KB ? `${bytes / (KB * KB)} MB` : `${bytes / KB} KB`;
}

/**
 * Node's HTTP server destroys a `Connection: close` socket as soon as the answer is written, which makes
 * a client still sending its body meet a reset (and may discard the answer it has not read yet). This
 * socket instead sends its end and waits `LINGER_MS` (or until the client closes) before it is destroyed.
 */
function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = (): void => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

/**
 * 413 with a sentence, without reading the rest of the body: reading stops now (and, the body marked as
 * being read, Node does not read it off the wire after the answer either), the answer says
 * `Connection: close`, and the socket lingers half-closed before it goes.
 */
function refuseTooLarge(request: Request, response: Response, limit: number): void {
  request.read(0);
  request.pause();
  request.socket.pause();
  lingerBeforeClosing(request.socket);
  const message = `The request body is too large: this route accepts at most ${sizeText(limit)}`;
  response
    .status(HttpStatus.PAYLOAD_TOO_LARGE)
    .set('Connection', 'close')
    .json(toErrorBody(new HttpException(message, HttpStatus.PAYLOAD_TOO_LARGE)));
}

/**
 * A body parser held to `limit` bytes, refusing without draining: a declared length over the limit is
 * refused before a byte of the body is read; a chunked body is counted as it arrives and cut off at the
 * limit. (body-parser alone would read every refused body to its end before answering.) A body already
 * read by an earlier parser is left alone. `name` keeps the parser's own name, by which Nest sees that
 * the app has its body parsers and adds none of its defaults.
 */
function bounded(parser: RequestHandler, limit: number, name: string): RequestHandler {
  const handler = (request: Request, response: Response, next: NextFunction): void => {
    if (request.complete) {
      next();
      return;
    }
    if ((declaredLength(request) ?? 0) > limit) {
      refuseTooLarge(request, response, limit);
      return;
    }
    let settled = false; // passed on by the parser, or refused here: either way, once
    const settle = (): boolean => !settled && (settled = true);
    // body-parser answers its own limit only once the whole body is read: the count below answers first.
    void parser(request, response, (error?: unknown) => {
      if (settle()) next(error);
    });
    if (settled || !comesInChunks(request)) return;
    let received = 0;
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limit || !settle()) return;
      request.off('data', count);
      refuseTooLarge(request, response, limit);
    };
    request.on('data', count); // after the parser's own listener (it reads synchronously): both see every chunk
  };
  Object.defineProperty(handler, 'name', { value: name });
  return handler;
}

/** The body parsers of every HTTP app, with their limits. */
export function bodyParsers(app: NestExpressApplication): void {
  app.use(IMAGE_ROUTES, bounded(json({ limit: IMAGE_BODY_LIMIT }), IMAGE_BODY_LIMIT, 'jsonParser'));
  app.use(bounded(json({ limit: BODY_LIMIT }), BODY_LIMIT, 'jsonParser'));
  app.use(bounded(urlencoded({ limit: BODY_LIMIT, extended: false }), BODY_LIMIT, 'urlencodedParser'));
}
