import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type DomainErrorKind } from '../kernel/domain-error';
import { sentence } from '../kernel/speech';
import { failureKind } from '../kernel/failure-kind';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  speech: string;
}

/** Every typed error is a DomainError; its kind alone says the status. */
const STATUS_BY_KIND: Record<DomainErrorKind, HttpStatus> = {
  bad_input: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function httpMessage(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** A request the body parser refused (too large, malformed JSON): http-errors marks its 4xx errors `expose`. */
function clientErrorStatus(exception: unknown): number | null {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const message = httpMessage(exception);
    return { statusCode, error: REASON[statusCode] ?? 'Error', message, speech: sentence(message) };
  }
  if (exception instanceof DomainError) {
    const statusCode = STATUS_BY_KIND[exception.kind];
    return { ...exception.details, statusCode, error: REASON[statusCode], message: exception.message, speech: sentence(exception.speech) };
  }
  const clientError = clientErrorStatus(exception);
  if (clientError !== null) {
    const message = (exception as Error).message;
    return { statusCode: clientError, error: REASON[clientError] ?? 'Error', message, speech: sentence(message) };
  }
  if (failureKind(exception) === 'transient') {
    // The database pool is exhausted, a lock or a connection dropped: busy, not broken; the caller may try again.
    return {
      statusCode: 503,
      error: REASON[503],
      message: 'Gantry is busy or its database is unreachable; try again shortly',
      speech: 'I am busy right now; try again in a moment.',
    };
  }
  return {
    statusCode: 500,
    error: REASON[500],
    message: 'Gantry hit an unexpected error; it has been logged.',
    speech: 'Sorry, something went wrong on my side.',
  };
}

/** The one place errors become HTTP answers: `{statusCode, error, message, speech}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }
}
