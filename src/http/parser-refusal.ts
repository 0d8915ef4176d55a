import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from './http-exception.filter';
import { InvalidInputError } from './input-hygiene';

interface ParserRefusal {
  status: 400 | 408 | 417 | 431;
  reason: string;
  message: string;
  speech: string;
}

const TOO_LARGE: ParserRefusal = {
  status: 431,
  reason: 'Request Header Fields Too Large',
  message: 'The request line and headers are larger than Gantry accepts (16 KB)',
  speech: 'That request is too large: its address or headers are too long.',
};
const TIMED_OUT: ParserRefusal = {
  status: 408,
  reason: 'Request Timeout',
  message: 'The request did not arrive in time',
  speech: 'That request took too long to arrive.',
};
const MALFORMED: ParserRefusal = {
  status: 400,
  reason: 'Bad Request',
  message: 'The request is not well-formed HTTP',
  speech: 'I could not read that request.',
};

const UNMET_EXPECTATION: ParserRefusal = {
  status: 417,
  reason: 'Expectation Failed',
  message: 'Gantry meets no expectation but 100-continue; send the request without the Expect header',
  speech: 'I cannot meet that request’s Expect header.',
};

function refusalFor(code: string | undefined): ParserRefusal {
  if (code === 'HPE_HEADER_OVERFLOW') return TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return TIMED_OUT;
  return MALFORMED;
}

function jsonOf({ status, reason, message, speech }: ParserRefusal): string {
  const body: ErrorBody = { statusCode: status, error: reason, message, speech };
  return JSON.stringify(body);
}

/** The answer as raw bytes: no request object exists yet, and nothing of the request is echoed. */
function rawAnswer(refusal: ParserRefusal): string {
  const { status, reason } = refusal;
  const json = jsonOf(refusal);
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${json}`;
}

/**
 * A request Node's HTTP parser refuses (headers past 16 KB, a malformed line or chunk, a request that timed
 * out) never reaches Express or the exception filter, and Node's own answer is a bare status line. This
 * answers with the same status and the usual `{statusCode, error, message, speech}`, then closes.
 */
export function answerParserRefusals(server: Server): void {
  // Node answers an HTTP/1.1 request without Host with a bare 400 of its own; `hostRequired` answers it instead.
  Object.assign(server, { requireHostHeader: false }); // read per request; not in the type declarations
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    const untouched = socket.writable && (socket.bytesWritten ?? 0) === 0;
    if (error.code === 'ECONNRESET' || !untouched) {
      socket.destroy();
      return;
    }
    socket.end(rawAnswer(refusalFor(error.code)));
  });
  // An `Expect` other than 100-continue: Node's own answer is a bare 417.
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const json = jsonOf(UNMET_EXPECTATION);
    response.writeHead(UNMET_EXPECTATION.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(json);
  });
}

/** HTTP/1.1 requires a Host header (RFC 9112, 3.2); refused here, with a sentence, rather than by Node with none. */
export function hostRequired(request: Request, _response: Response, next: NextFunction): void {
  const missing = request.httpVersion === '1.1' && request.headers.host === undefined;
  next(missing ? new InvalidInputError('An HTTP/1.1 request needs a Host header', 'I could not read that request.') : undefined);
}
