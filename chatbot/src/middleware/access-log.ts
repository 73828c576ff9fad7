/**
 * One log line per request, written when the response has really ended (`close` on the raw
 * response) so streamed answers log their full duration and errors their final status. Probes
 * log at debug: the kubelet calls them every few seconds.
 */
import type { AppMiddleware } from '../http/app-state';

const PROBES = new Set(['/healthz', '/readyz']);

export function accessLog(clock: () => number): AppMiddleware {
  return async (ctx, next) => {
    const started = clock();
    ctx.res.once('close', () => {
      const line = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.res.statusCode,
        duration_ms: Math.round(clock() - started),
        // False when the client left before the response was complete.
        completed: ctx.res.writableFinished,
      };
      if (PROBES.has(ctx.path)) ctx.state.log.debug(line, 'request');
      else ctx.state.log.info(line, 'request');
    });
    await next();
  };
}
