/**
 * The first middleware: turns every error into a JSON answer `{ error: { code, message } }`.
 * Client mistakes and deliberate refusals ({@link RequestError}, or a Koa HTTP error below 500)
 * keep their status and message; anything else is a bug, logged with its stack and answered with a generic 500 so no
 * internals leak. Headers set earlier (security, CORS, request id) are kept, unlike Koa's own
 * handler, so a browser can read the error and the client can quote the request id.
 */
import type { AppMiddleware } from '../http/app-state';
import { ErrorBody, RequestError } from '../http/request-error';
import type { Logger } from '../logger';

/** Koa's own errors (`ctx.throw`, http-errors) carry these. */
interface HttpLikeError {
  readonly status?: number;
  readonly expose?: boolean;
  readonly message?: string;
}

export function errorBoundary(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const log = ctx.state.log ?? logger;
      if (ctx.headerSent || !ctx.writable) {
        // A streamed answer already began; its route ends it. Nothing can be sent now.
        log.error({ err }, 'error after the response started');
        return;
      }
      const { status, code, message, headers } = describe(err);
      // A RequestError is a refusal on purpose, even a 503 (draining, not ready): no stack.
      if (status >= 500 && !(err instanceof RequestError)) log.error({ err }, 'unhandled error');
      else log.info({ status, code, reason: message }, 'request refused');
      ctx.set(headers);
      ctx.status = status;
      const body: ErrorBody = { error: { code, message, requestId: ctx.state.requestId } };
      ctx.body = body;
    }
  };
}

function describe(err: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (err instanceof RequestError) {
    return { status: err.status, code: err.code, message: err.message, headers: { ...err.headers } };
  }
  const http = (typeof err === 'object' && err !== null ? err : {}) as HttpLikeError;
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500 && http.expose) {
    return { status: http.status, code: 'bad_request', message: String(http.message), headers: {} };
  }
  return { status: 500, code: 'internal', message: 'Internal error: the request id identifies it in the logs', headers: {} };
}
