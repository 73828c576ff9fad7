/**
 * Per-client rate limit (token bucket) on the chat endpoint: model calls are the expensive part.
 * Over the limit the client gets 429 with `Retry-After` (seconds until a token is back).
 *
 * The client is the signed-in user (`sub` of the ALB's verified claims) when there is one: users
 * behind one corporate NAT do not share a bucket, and one user cannot get more by changing
 * networks. Without sign-in it is the client's address behind the ALB. The two key spaces are
 * prefixed, so a user id can never collide with an address.
 */
import type { RateLimitConfig } from '../config';
import type { AppMiddleware } from '../http/app-state';
import type { ClientAddressResolver } from '../http/client-address';
import { RequestError } from '../http/request-error';
import { TokenBuckets } from '../http/token-bucket';

export interface RateLimitOptions extends RateLimitConfig {
  /** Finds the client behind the ALB. */
  readonly clientAddress: ClientAddressResolver;
  /** Milliseconds, monotonic. @default performance.now */
  readonly clock?: () => number;
}

export function rateLimit(options: RateLimitOptions): AppMiddleware {
  const buckets = new TokenBuckets(options);
  return async (ctx, next) => {
    const user = ctx.state.user?.sub;
    const client = user !== undefined
      ? `user:${user}`
      : `ip:${options.clientAddress(ctx.req.socket.remoteAddress, ctx.get('X-Forwarded-For') || undefined)}`;
    const result = buckets.take(client);
    if (!result.allowed) {
      throw new RequestError(429, 'rate_limited', `Too many requests: try again in ${result.retryAfterSeconds} s`, {
        'Retry-After': String(result.retryAfterSeconds),
      });
    }
    await next();
  };
}
