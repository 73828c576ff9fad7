/** The Koa types every middleware and route of the chatbot shares. */
import type { Middleware, ParameterizedContext } from 'koa';
import type { Logger } from '../logger';

/** `ctx.state`, filled by the middleware in the order createApp mounts them. */
export interface AppState {
  /** Set by the request-id middleware; echoed as `X-Request-Id`. */
  requestId: string;
  /** A child logger carrying `request_id`. */
  log: Logger;
  /** The parsed JSON body, set by the body middleware on the routes that take one. */
  body?: unknown;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = Middleware<AppState>;
