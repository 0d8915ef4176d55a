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

function declaredUnderApi(controller: object, handler: object): boolean {
  const paths = [...pathsOf(controller), ...pathsOf(handler)].map(normalized);
  return paths.some((path) => path === 'gantry' || path.startsWith('gantry/'));
}

/**
 * What a route declares, read once per route instead of per request (decorators never change once the app
 * is built): per controller class, then per handler, since an inherited handler may serve two controllers.
 */
export class RouteMemo<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T>>();

  of(context: ExecutionContext, read: () => T): T {
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = this.byClass.get(controller);
    if (!handlers) this.byClass.set(controller, (handlers = new WeakMap()));
    if (handlers.has(handler)) return handlers.get(handler) as T;
    const value = read();
    handlers.set(handler, value);
    return value;
  }
}

/**
 * Whether a route is part of the API: its controller's or its own path is under `gantry`. Decided from
 * the route's declaration, not the request's spelling, so `/GANTRY/missions` (Express matches paths
 * case-insensitively) is protected like `/gantry/missions`. Its callers remember the answer per route.
 */
export function isApiRoute(context: ExecutionContext): boolean {
  return declaredUnderApi(context.getClass(), context.getHandler());
}

/** What the door needs to know of a route: whether it needs a caller at all, and whether only the admin. */
interface RouteRule {
  signedIn: boolean;
  adminOnly: boolean;
}

/**
 * The door. Every route of the API (`/gantry/...`) needs a signed-in caller unless it is `@Public()`;
 * routes outside it (/health, the console, deployed apps) are public content and open to everyone.
 * A new API route is therefore protected without anyone remembering to protect it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly rules = new RouteMemo<RouteRule>();

  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.ruleOf(context);
    if (!rule.signedIn) return true;
    const http = context.switchToHttp();
    const caller = await this.callers.resolve(http.getRequest<Request>());
    if (!caller) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="gantry"');
      throw new UnauthorizedException('Sign in first: POST /gantry/auth, or send an API token as Authorization: Bearer');
    }
    if (rule.adminOnly && !caller.admin) throw new ForbiddenException('Only the admin can do that');
    return true;
  }

  private ruleOf(context: ExecutionContext): RouteRule {
    return this.rules.of(context, () => {
      const targets = [context.getHandler(), context.getClass()];
      return {
        signedIn: isApiRoute(context) && !this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
        adminOnly: this.reflector.getAllAndOverride<boolean | undefined>(ADMIN_ONLY, targets) ?? false,
      };
    });
  }
}
