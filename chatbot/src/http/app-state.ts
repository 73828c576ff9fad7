/** The Koa types every middleware and route of the chatbot shares. */
import type { Middleware, ParameterizedContext } from 'koa';
import type { SignedInUser } from '../auth/signed-in-user';
import type { Logger } from '../logger';

/** `ctx.state`, filled by the middleware in the order createApp mounts them. */
export interface AppState {
  /** Set by the request-id middleware; echoed as `X-Request-Id`. */
  requestId: string;
  /** A child logger carrying `request_id`. */
  log: Logger;
  /** The parsed JSON body, set by the body middleware on the routes that take one. */
  body?: unknown;
  /**
   * The signed-in user, set by the authenticate middleware once the ALB's signature checked out
   * (AUTH_MODE=alb); undefined without sign-in and on the public paths (probes, sign-out).
   */
  user?: SignedInUser;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = Middleware<AppState>;
