import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { CallerResolver } from './caller-resolver';
import { ADMIN_ONLY, IS_PUBLIC } from './door.decorators';

function pathsOf(target: object): string[] {
  const path: unknown = Reflect.getMetadata(PATH_METADATA, target);
  return (Array.isArray(path) ? path : [path]).filter((p): p is string => typeof p === 'string');
}

function normalized(path: string): string {
  return path.replace(/^\/+/, '').toLowerCase();
}

/**
 * Whether a route is part of the API: its controller's or its own path is under `gantry`. Decided from
 * the route's declaration, not the request's spelling, so `/GANTRY/missions` (Express matches paths
 * case-insensitively) is protected like `/gantry/missions`.
 */
export function isApiRoute(context: ExecutionContext): boolean {
  const paths = [...pathsOf(context.getClass()), ...pathsOf(context.getHandler())].map(normalized);
  return paths.some((path) => path === 'gantry' || path.startsWith('gantry/'));
}

/**
 * The door. Every route of the API (`/gantry/...`) needs a signed-in caller unless it is `@Public()`;
 * routes outside it (/health, the console, deployed apps) are public content and open to everyone.
 * A new API route is therefore protected without anyone remembering to protect it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (!isApiRoute(context) || this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const caller = await this.callers.resolve(http.getRequest<Request>());
    if (!caller) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="gantry"');
      throw new UnauthorizedException('Sign in first: POST /gantry/auth, or send an API token as Authorization: Bearer');
    }
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && !caller.admin) throw new ForbiddenException('Only the admin can do that');
    return true;
  }
}
