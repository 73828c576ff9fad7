/**
 * One log line per request, written when the response has really ended (`close` on the raw
 * response) so streamed answers log their full duration and errors their final status. Probes
 * log at debug: the kubelet calls them every few seconds.
 */
import { AsyncResource } from 'node:async_hooks';
import type { AppMiddleware } from '../http/app-state';
import { PROBE_PATHS } from '../routes/health';


export function accessLog(clock: () => number): AppMiddleware {
  return async (ctx, next) => {
    const started = clock();
    // Bound to the request's async context, so the line carries its trace and span ids: an
    // emitter calls its listeners in the context of whoever emits, here Node's socket code.
    ctx.res.once('close', AsyncResource.bind(() => {
      const line = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.res.statusCode,
        duration_ms: Math.round(clock() - started),
        // False when the client left before the response was complete.
        completed: ctx.res.writableFinished,
        // The signed-in user's stable id (AUTH_MODE=alb), never their name or email.
        ...(ctx.state.user ? { user: ctx.state.user.sub } : {}),
      };
      if (PROBE_PATHS.has(ctx.path)) ctx.state.log.debug(line, 'request');
      else ctx.state.log.info(line, 'request');
    }));
    await next();
  };
}
