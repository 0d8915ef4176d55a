import type { RequestHandler } from 'express';
import helmet from 'helmet';

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

function headers(directives: Directives, frameguard: 'deny' | 'sameorigin', resourcePolicy: ResourcePolicy = 'same-origin'): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: frameguard },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: resourcePolicy },
  });
}

const FOR_CONSOLE = headers(CONSOLE_CSP, 'deny');
const FOR_DOCS = headers(DOCS_CSP, 'deny');
const FOR_APPS = headers(APPS_CSP, 'sameorigin', 'cross-origin');

/** helmet's headers with the content security policy that fits what the path serves. */
export function securityHeaders(path: string): RequestHandler {
  const lower = path.toLowerCase();
  if (lower === '/apps' || lower.startsWith('/apps/')) return FOR_APPS;
  if (lower === '/docs' || lower.startsWith('/docs/') || lower.startsWith('/docs-')) return FOR_DOCS;
  return FOR_CONSOLE;
}
