import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { rememberCaller, rememberedCaller, type AuthenticatedCaller } from './caller';
import { SessionStore } from '../sessions/session-store';
import { ApiTokenStore } from '../tokens/api-token-store';

export const SESSION_COOKIE = 'gantry_session';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who a request comes from: the user of its bearer token, else of its session cookie, else nobody.
 * A bearer header decides alone (a bad token is not rescued by a cookie). Looked up once per request.
 */
@Injectable()
export class CallerResolver {
  constructor(
    private readonly sessions: SessionStore,
    private readonly tokens: ApiTokenStore,
  ) {}

  async resolve(request: Request): Promise<AuthenticatedCaller | null> {
    const remembered = rememberedCaller(request);
    if (remembered !== undefined) return remembered;
    const caller = await this.lookUp(request);
    rememberCaller(request, caller);
    return caller;
  }

  /** Who the request's credentials name now, never the remembered answer: a long-lived stream asks again to notice a revoked session or token, or a deleted user. */
  current(request: Request): Promise<AuthenticatedCaller | null> {
    return this.lookUp(request);
  }

  private async lookUp(request: Request): Promise<AuthenticatedCaller | null> {
    const authorization = request.header('authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      return token ? this.tokens.caller(token) : null;
    }
    const session = sessionIdOf(request);
    return session ? this.sessions.caller(session) : null;
  }
}

export function sessionIdOf(request: Request): string | null {
  const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
}
