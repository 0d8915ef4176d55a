import type { CookieOptions, Request, Response } from 'express';
import { SESSION_COOKIE } from '../door/caller-resolver';

/** HttpOnly and SameSite=Strict always; Secure whenever the request came over TLS (directly or via a trusted proxy). */
function cookieOptions(request: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' };
}

export function setSessionCookie(request: Request, response: Response, sessionId: string, expiresAt: Date): void {
  response.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(request), expires: expiresAt });
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
