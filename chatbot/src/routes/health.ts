/**
 * Probes. `/healthz`: the process is alive (stays 200 while draining, so the kubelet does not
 * restart a pod that is finishing its streams). `/readyz`: send traffic here; 503 from the
 * moment shutdown begins, so the ALB and the Service stop routing new chats to this pod.
 */
import type Router from '@koa/router';
import type { AppState } from '../http/app-state';
import type { Lifecycle } from '../lifecycle';

/** The probes' paths: no server span, access log at debug level, still answered while draining. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

export function registerHealthRoutes(router: Router<AppState>, lifecycle: Lifecycle): void {
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.status = lifecycle.draining ? 503 : 200;
    ctx.body = { status: lifecycle.draining ? 'draining' : 'ready' };
  });
}
