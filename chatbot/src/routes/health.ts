/**
 * Probes. `/healthz`: the process is alive (stays 200 while draining or not yet ready, so the
 * kubelet does not restart a pod that is finishing its streams or waiting for its credentials).
 * `/readyz`: send traffic here; 503 `{status: 'not-ready', reason}` until the provider can answer
 * (src/readiness.ts), and 503 `draining` from the moment shutdown begins, so the ALB and the
 * Service route chats only to pods that can answer them.
 */
import type Router from '@koa/router';
import type { AppState } from '../http/app-state';
import type { Lifecycle } from '../lifecycle';
import type { Readiness } from '../readiness';

/** The probes' paths: no server span, access log at debug level, still answered while draining. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

export function registerHealthRoutes(router: Router<AppState>, lifecycle: Lifecycle, readiness: Readiness): void {
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const reason = readiness.reason;
    ctx.status = lifecycle.draining || reason !== undefined ? 503 : 200;
    if (lifecycle.draining) ctx.body = { status: 'draining' };
    else ctx.body = reason === undefined ? { status: 'ready' } : { status: 'not-ready', reason };
  });
}
