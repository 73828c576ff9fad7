/**
 * Until the service is ready (src/readiness.ts) a chat is refused at once with 503 `not_ready`
 * and the reason, without calling the model: the UI shows the cause (e.g. no AWS credentials)
 * instead of "The model service is unavailable" for every question, and a request that cannot
 * succeed costs neither a rate-limit token nor a model call.
 */
import type { AppMiddleware } from '../http/app-state';
import { RequestError } from '../http/request-error';
import type { Readiness } from '../readiness';

export function requireReady(readiness: Readiness): AppMiddleware {
  return async (_ctx, next) => {
    const reason = readiness.reason;
    if (reason !== undefined) {
      // Readiness is retried in the background with a backoff of up to 30 s; 5 s is a fair pause.
      throw new RequestError(503, 'not_ready', `The chatbot cannot answer yet: ${reason}`, { 'Retry-After': '5' });
    }
    await next();
  };
}
