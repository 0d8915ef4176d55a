import { HttpException, HttpStatus, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { errorMessage } from '../../kernel/error-message';
import type { GantryConfig } from '../../config/gantry-config';
import { isApiRoute, RouteMemo } from './auth.guard';
import { CallerResolver } from './caller-resolver';
import { KnownDevices, SIGN_IN_PATH } from '../sign-in/known-devices';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';

const MINUTE_MS = 60_000;

/** What one budget needs to count a request on a route, everything but the request itself. */
type Plan = Omit<ThrottlerRequest, 'context'>;
type Targets = Parameters<Reflector['getAllAndOverride']>[1];
/** @nestjs/throttler's per-route metadata (its decorators), read once per route. */
const METADATA = {
  skip: 'THROTTLER:SKIP',
  limit: 'THROTTLER:LIMIT',
  ttl: 'THROTTLER:TTL',
  block: 'THROTTLER:BLOCK_DURATION',
  tracker: 'THROTTLER:TRACKER',
  keyGenerator: 'THROTTLER:KEY_GENERATOR',
} as const;

/**
 * The client's address as Express sees it: the socket's, or, only when TRUST_PROXY names the proxies in
 * front, the one they report. A client cannot pick its own by sending X-Forwarded-For.
 */
export function addressOf(request: Request): string {
  return `address:${normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

/**
 * Two budgets that never share a count: the API (`/gantry/...`: per signed-in caller, or per address when
 * nobody is signed in) and public content (`/apps`, `/health`, the console: per address), so a crowd
 * visiting deployed apps from behind one proxy cannot use up anyone's API budget, nor the reverse.
 * Password checks have their own limiter, with growing delays (see SignInLimiter). The counts live in
 * PostgreSQL (PostgresThrottlerStorage), so a limit holds across every Gantry process.
 */
export function throttlerOptions(config: GantryConfig, pool: Pool): ThrottlerModuleOptions {
  const api: ThrottlerOptions = { name: 'default', ttl: MINUTE_MS, limit: config.rateLimitPerMinute, skipIf: (context) => !isApiRoute(context) };
  const publicContent: ThrottlerOptions = {
    name: 'public',
    ttl: MINUTE_MS,
    limit: config.publicRateLimitPerMinute,
    skipIf: (context) => isApiRoute(context),
    getTracker: (request) => addressOf(request as Request),
  };
  const logger = new Logger('DoorThrottler');
  const storage = new PostgresThrottlerStorage(pool, { onError: (error) => logger.warn(`Rate-limit counters in PostgreSQL: ${errorMessage(error)}`) });
  return { throttlers: [api, publicContent], storage };
}

/**
 * @nestjs/throttler, keyed by caller instead of by route: one budget per signed-in user (however many
 * addresses they use) or per address, across every route, with one limiter for every route.
 * A refusal is 429 with Retry-After and the usual error body with a speech line.
 */
@Injectable()
export class DoorThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly callers: CallerResolver,
    private readonly knownDevices: KnownDevices,
  ) {
    super(options, storage, reflector);
  }

  /** Which budgets a route pays and with what limits, worked out at its first request (see plansFor). */
  private readonly plans = new RouteMemo<Plan[] | null>();

  /**
   * The parent's canActivate, with what depends only on the route (the budgets that apply, their limits)
   * worked out once per route instead of on every request. A route whose values are functions of the
   * request, or that names its own tracker or key (none today), goes through the parent as before.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const plans = this.plansFor(context);
    if (plans === null) return super.canActivate(context);
    if (await this.shouldSkip(context)) return true;
    for (const plan of plans) await this.handleRequest({ context, ...plan });
    return true;
  }

  /**
   * The budgets a route pays. The throttlers' `skipIf` (API or public content) depends on the route's
   * declaration only, so it is asked once per route like the decorators' metadata.
   */
  private plansFor(context: ExecutionContext): Plan[] | null {
    return this.plans.of(context, () => {
      const targets: Targets = [context.getHandler(), context.getClass()];
      const plans: Plan[] = [];
      for (const throttler of this.throttlers) {
        const name = throttler.name ?? 'default';
        const read = (key: string): unknown => this.reflector.getAllAndOverride(`${key}${name}`, targets);
        const skipIf = throttler.skipIf ?? this.commonOptions.skipIf;
        if (read(METADATA.skip) === true || skipIf?.(context)) continue;
        if (read(METADATA.tracker) !== undefined || read(METADATA.keyGenerator) !== undefined) return null;
        const limit = read(METADATA.limit) ?? throttler.limit;
        const ttl = read(METADATA.ttl) ?? throttler.ttl;
        const blockDuration = read(METADATA.block) ?? throttler.blockDuration ?? ttl;
        const getTracker = throttler.getTracker ?? this.commonOptions.getTracker;
        const generateKey = throttler.generateKey ?? this.commonOptions.generateKey;
        if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number' || !getTracker || !generateKey) return null;
        plans.push({ throttler, limit, ttl, blockDuration, getTracker, generateKey });
      }
      return plans;
    });
  }

  /**
   * A sign-in from a browser that signed in before (its device cookie) is left to the sign-in limiter,
   * which counts that device on its own: the address's budget, which a guesser behind the same address
   * uses up, must not keep the owner's own browser out.
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.method === 'POST' && request.path === SIGN_IN_PATH) return this.knownDevices.sentBy(request);
    return super.shouldSkip(context);
  }

  /** Node's setHeader straight away: Express's res.header() would check each X-RateLimit value for a content type. */
  protected override setResponseHeader(response: Response, name: string, value: string | number): void {
    response.setHeader(name, String(value));
  }

  protected override async getTracker(request: Request): Promise<string> {
    const caller = await this.callers.resolve(request);
    return caller ? `user:${caller.name}` : addressOf(request);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}|${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(`Too many requests: try again in ${seconds} second${seconds === 1 ? '' : 's'}`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
