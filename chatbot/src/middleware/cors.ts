/**
 * CORS for the configured UI origins only (CORS_ORIGIN, e.g. the CloudFront site). Other origins
 * get no CORS headers, so browsers will not let their pages read answers, and their preflights
 * are refused with 403. With no origin configured the API is same-origin only. No credentials
 * are allowed: the API is stateless and uses no cookies.
 */
import type { AppMiddleware } from '../http/app-state';
import { RequestError } from '../http/request-error';

export function cors(allowedOrigins: readonly string[]): AppMiddleware {
  const allowed = new Set(allowedOrigins);
  return async (ctx, next) => {
    if (allowed.size > 0) ctx.vary('Origin');
    const origin = ctx.get('Origin');
    const preflight = ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '';
    if (!origin || !allowed.has(origin)) {
      if (preflight && origin) throw new RequestError(403, 'cors_forbidden', `Origin ${origin} may not call this API`);
      return next();
    }
    ctx.set('Access-Control-Allow-Origin', origin);
    // Let the UI read the id to quote in bug reports, and Retry-After to pace retries.
    ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
    if (!preflight) return next();
    ctx.set('Access-Control-Allow-Methods', 'GET, POST');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type, Accept, X-Request-Id');
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
  };
}
