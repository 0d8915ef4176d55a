import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GantryConfig } from '../config/gantry-config';
import { toErrorBody } from './http-exception.filter';

/** Requests that change something. GET, HEAD and OPTIONS never do, so they are never refused here. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** application/json and the `+json` types (application/merge-patch+json…), with any parameters. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function refuse(response: Response, status: HttpStatus, message: string): void {
  response.status(status).json(toErrorBody(new HttpException(message, status)));
}

/** The URL's origin, or null for garbage and for the opaque origin ("null": a file, data:, blob:, an extension page). */
function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** A body is coming when the request says how long it is (more than nothing) or sends it in chunks. */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * Whether the browser says the request comes from a page Gantry trusts: its own (the host the request was
 * sent to, whatever the scheme, so a TLS-terminating proxy changes nothing; or GANTRY_PUBLIC_URL), or one
 * named in GANTRY_CORS_ORIGINS. No Origin at all is a client that is not a browser page (curl, a phone
 * shortcut, an OpenAPI client with a token): it is let through, and `Sec-Fetch-Site` decides if it is there.
 */
function trustedSource(request: Request, trusted: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin === undefined) return site === undefined || site === 'same-origin' || site === 'none';
  const parsed = originOf(origin);
  if (parsed === null) return false; // an opaque origin (a sandboxed frame, a file) or garbage
  if (trusted.has(parsed)) return true;
  return new URL(parsed).host === request.headers.host?.toLowerCase();
}

function refusalOf(request: Request, trusted: ReadonlySet<string>): { status: HttpStatus; message: string } | null {
  if (!trustedSource(request, trusted)) {
    return { status: HttpStatus.FORBIDDEN, message: 'Cross-site request refused: Gantry accepts changes only from its own pages or an allowed origin' };
  }
  const type = request.headers['content-type'];
  if ((type !== undefined || hasBody(request)) && !JSON_TYPE.test(type ?? '')) {
    return { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: 'Send the request body as JSON with Content-Type: application/json' };
  }
  return null;
}

/**
 * Refuses cross-site requests before any body is read or any route runs. A state-changing request
 * (POST, PUT, PATCH, DELETE) must come from Gantry's own origin or an allowed one when a browser names its
 * origin, and must send JSON when it sends anything: an HTML form (url-encoded, multipart or text/plain),
 * which any site can make a browser submit, is 415, so a foreign page can neither sign someone in as the
 * attacker (login CSRF) nor act for a signed-in user, whatever the cookie's SameSite says.
 */
export function crossSiteRefusal(config: Pick<GantryConfig, 'publicUrl' | 'corsOrigins'>): RequestHandler {
  const trusted = new Set([config.publicUrl, ...config.corsOrigins].map(originOf).filter((origin): origin is string => origin !== null));
  return (request: Request, response: Response, next: NextFunction) => {
    const refusal = STATE_CHANGING.has(request.method) ? refusalOf(request, trusted) : null;
    if (refusal) refuse(response, refusal.status, refusal.message);
    else next();
  };
}
