import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { errorMessage } from '../../kernel/error-message';

type Directives = Record<string, string[]>;

/** The console's policy: no inline script or style anywhere, nothing from other origins. */
const CONSOLE_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Swagger UI at /docs ships inline styles; its scripts are files, so scripts stay strict. */
const DOCS_CSP: Directives = { ...CONSOLE_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/**
 * Deployed apps (/apps/<slug>/) are generated code served from Gantry's own origin. The sandbox makes
 * each an opaque origin: its scripts run, but it cannot read Gantry's cookies or storage, and its
 * requests to /gantry are cross-site, so the SameSite=Strict session never rides along. Without it,
 * any user's generated page could act as whoever opens it, the admin included.
 */
const APPS_CSP: Directives = {
  // Generated pages may use inline code and public CDNs; the sandbox, not this list, is what protects Gantry.
  'default-src': ["'self'", "'unsafe-inline'", "'unsafe-eval'", 'data:', 'blob:', 'https:'],
  sandbox: ['allow-scripts', 'allow-forms', 'allow-modals', 'allow-popups', 'allow-downloads'],
  'frame-ancestors': ["'self'"],
  'object-src': ["'none'"],
};

/**
 * A sandboxed app page is an opaque origin, so to the browser its own styles.css and scripts are
 * cross-origin: under helmet's default `Cross-Origin-Resource-Policy: same-origin` they are blocked
 * (ERR_BLOCKED_BY_RESPONSE.NotSameOrigin) and the live app renders without styles or scripts.
 */
type ResourcePolicy = 'same-origin' | 'cross-origin';

type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * What helmet sets with these options, recorded once at start: its policies are constants (no nonce,
 * nothing read from the request), so replaying the recorded headers is what helmet's thirteen
 * middlewares would do on every request, without running them.
 */
function recordedHeaders(directives: Directives, frameguard: 'deny' | 'sameorigin', resourcePolicy: ResourcePolicy = 'same-origin'): HeaderList {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: frameguard },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: resourcePolicy },
  });
  const headers = new Map<string, string>();
  const recorder = { setHeader: (name: string, value: unknown) => headers.set(name, String(value)), removeHeader: (name: string) => headers.delete(name) };
  let failure: unknown = null;
  middleware({} as Request, recorder as unknown as Response, (error?: unknown) => (failure = error ?? null));
  if (failure !== null) throw new Error(`helmet refused the security headers' options: ${errorMessage(failure)}`);
  return [...headers];
}

const FOR_CONSOLE = recordedHeaders(CONSOLE_CSP, 'deny');
const FOR_DOCS = recordedHeaders(DOCS_CSP, 'deny');
const FOR_APPS = recordedHeaders(APPS_CSP, 'sameorigin', 'cross-origin');

/** helmet's headers with the content security policy that fits what the path serves. */
function securityHeadersFor(path: string): HeaderList {
  const lower = path.toLowerCase();
  if (lower === '/apps' || lower.startsWith('/apps/')) return FOR_APPS;
  if (lower === '/docs' || lower.startsWith('/docs/') || lower.startsWith('/docs-')) return FOR_DOCS;
  return FOR_CONSOLE;
}

/** The middleware: sets the path's security headers on every response. */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  for (const [name, value] of securityHeadersFor(request.path)) response.setHeader(name, value);
  next();
}
