import { createParamDecorator, InternalServerErrorException, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** A signed-in user, as the door (src/auth) identified them from a session cookie or an API token. */
export interface AuthenticatedCaller {
  /** The user name; missions opened by this caller carry it as their owner. */
  name: string;
  admin: boolean;
  via: 'session' | 'token';
}

const CALLER = Symbol('gantry.caller');

type WithCaller = Request & { [CALLER]?: AuthenticatedCaller | null };

/** Remembers who the request is from (null: nobody signed in), so it is looked up once per request. */
export function rememberCaller(request: Request, caller: AuthenticatedCaller | null): void {
  (request as WithCaller)[CALLER] = caller;
}

/** undefined: not looked up yet; null: looked up, nobody signed in. */
export function rememberedCaller(request: Request): AuthenticatedCaller | null | undefined {
  return (request as WithCaller)[CALLER];
}

/**
 * The signed-in caller of a protected route. The door's guard has already refused anyone else, so a
 * missing caller here means a route that is public by mistake: a server error, never an anonymous owner.
 */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedCaller => {
  const caller = rememberedCaller(context.switchToHttp().getRequest<Request>());
  if (!caller) throw new InternalServerErrorException('A protected route was reached without a signed-in caller');
  return caller;
});
