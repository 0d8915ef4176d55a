import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is calling. Until sign-in exists (the security issue) this is the client id a client sends in
 * `X-Gantry-Client` (the console makes one per browser), or `anonymous`. It keeps one caller's
 * consultation apart from another's; it is not authentication.
 */
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function callerOf(request: Request): string {
  const header = request.header('x-gantry-client');
  return header && CLIENT_ID.test(header) ? `client:${header}` : 'anonymous';
}

export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): string => callerOf(context.switchToHttp().getRequest<Request>()));
