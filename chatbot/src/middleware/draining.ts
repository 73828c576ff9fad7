/**
 * While the server drains (after SIGTERM) new requests get 503 with `Connection: close`, so
 * clients and the ALB move to another pod at once. The probes still answer: `/healthz` stays
 * 200 (the process is alive), `/readyz` reports 503 itself.
 */
import type { AppMiddleware } from '../http/app-state';
import { RequestError } from '../http/request-error';
import type { Lifecycle } from '../lifecycle';
import { PROBE_PATHS } from '../routes/health';

export function draining(lifecycle: Lifecycle): AppMiddleware {
  return async (ctx, next) => {
    if (lifecycle.draining && !PROBE_PATHS.has(ctx.path)) {
      throw new RequestError(503, 'shutting_down', 'The server is restarting; please try again in a moment', {
        'Connection': 'close',
        'Retry-After': '1',
      });
    }
    await next();
  };
}
