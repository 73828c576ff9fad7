/**
 * Gives every request an id: the caller's `X-Request-Id` when it looks like one (so a trace
 * across services keeps one id), otherwise a fresh UUID. It is echoed in `X-Request-Id`, put in
 * `ctx.state.requestId` and carried by `ctx.state.log` on every log line.
 */
import { randomUUID } from 'node:crypto';
import type { AppMiddleware } from '../http/app-state';
import type { Logger } from '../logger';

/** Short and plain, so a hostile id cannot bloat or forge log lines. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const id = ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ request_id: id });
    ctx.set('X-Request-Id', id);
    await next();
  };
}
