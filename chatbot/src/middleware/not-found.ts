/**
 * The last middleware: requests nothing answered get a JSON 404 (or the router's 405) in the
 * same `{ error: { code, message } }` shape as every other error.
 */
import type { AppMiddleware } from '../http/app-state';
import { RequestError } from '../http/request-error';

export function notFound(): AppMiddleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.status === 405) throw new RequestError(405, 'method_not_allowed', `${ctx.method} is not allowed on ${ctx.path} (allowed: ${ctx.response.get('Allow')})`);
    if (ctx.status === 404) throw new RequestError(404, 'not_found', `Nothing at ${ctx.method} ${ctx.path}`);
  };
}
