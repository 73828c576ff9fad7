/**
 * Security headers on every answer. The CSP allows only same-origin scripts, styles and
 * connections and no inline script, so a Markdown rendering bug in the UI cannot run injected
 * code; the page may not be framed.
 */
import type { AppMiddleware } from '../http/app-state';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  // Browsers ignore it over plain HTTP (local runs); behind the ALB's TLS listener it pins HTTPS.
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

export function securityHeaders(): AppMiddleware {
  return async (ctx, next) => {
    ctx.set(HEADERS);
    await next();
  };
}
