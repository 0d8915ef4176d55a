import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { NonCanonicalValueError } from '../kernel/black-box/canonical-json';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  InvalidEventError,
  WrongExpectedRevisionError,
} from '../missions/ports/event-store.errors';
import { MessageRefusedError } from '../guardrails/message-refused.error';
import { LlmCallFailedError } from '../llm/llm.port';
import { DesignImageError } from '../missions/application/design-image/design-image';
import { MissionError } from '../missions/domain/mission.errors';
import { sentence } from '../kernel/speech';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  speech: string;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Typed errors and the status they answer with; capabilities add theirs here. */
const STATUS_BY_ERROR: ReadonlyArray<[ErrorClass, HttpStatus]> = [
  [WrongExpectedRevisionError, HttpStatus.CONFLICT],
  [DuplicateEventIdError, HttpStatus.CONFLICT],
  [InvalidEventError, HttpStatus.BAD_REQUEST],
  [NonCanonicalValueError, HttpStatus.BAD_REQUEST],
  [EventStoreUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [DesignImageError, HttpStatus.BAD_REQUEST],
  [MessageRefusedError, HttpStatus.UNPROCESSABLE_ENTITY],
  [LlmCallFailedError, HttpStatus.SERVICE_UNAVAILABLE],
];

const STATUS_BY_MISSION_ERROR: Record<MissionError['kind'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
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

/** Errors may add fields of their own beside the four (e.g. a refusal's category and suggestion) and a speech line. */
interface Detailed {
  details?: Record<string, string>;
  speech?: string;
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
  if (exception instanceof MissionError) {
    const statusCode = STATUS_BY_MISSION_ERROR[exception.kind];
    return { statusCode, error: REASON[statusCode], message: exception.message, speech: sentence(exception.speech) };
  }
  const mapped = STATUS_BY_ERROR.find(([type]) => exception instanceof type);
  if (mapped && exception instanceof Error) {
    const statusCode = mapped[1];
    const { details, speech } = exception as Detailed;
    return { ...details, statusCode, error: REASON[statusCode], message: exception.message, speech: sentence(speech ?? exception.message) };
  }
  const clientError = clientErrorStatus(exception);
  if (clientError !== null) {
    const message = (exception as Error).message;
    return { statusCode: clientError, error: REASON[clientError] ?? 'Error', message, speech: sentence(message) };
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
