/**
 * With `AUTH_MODE=alb`, every request but the probes and sign-out must carry the ALB's signed
 * `x-amzn-oidc-data`; the verified user goes to `ctx.state.user` (the rate-limit key, the access
 * log, /api/info). There is no fallback: a missing, forged, expired or foreign token is a 401,
 * and when the ALB's key server cannot be asked, a 503, never a request served unverified.
 *
 * API clients get the usual JSON error; a browser asking for a page gets a small HTML page
 * (auth/auth-page.ts) instead of raw JSON. Refusals are answered here, not by the error
 * boundary, so each is logged once, with why (`problem`), and never with the token.
 */
import { InvalidToken, SigningKeyUnavailable } from '../auth/auth-errors';
import { AUTH_PAGE_CSP, renderAuthPage } from '../auth/auth-page';
import type { SignedInUser } from '../auth/signed-in-user';
import type { AppContext, AppMiddleware } from '../http/app-state';
import type { ErrorBody } from '../http/request-error';

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /** Checks the header's token (auth/alb-jwt.ts `AlbJwtVerifier`). */
  readonly verifier: { verify(token: string | undefined): Promise<SignedInUser> };
  /** Paths answered without a sign-in: the probes (the kubelet has none) and sign-out. */
  readonly publicPaths: ReadonlySet<string>;
}

/** The header the ALB sets after authenticating a user (it drops any copy the client sent). */
export const ALB_USER_HEADER = 'x-amzn-oidc-data';

export function authenticate(options: AuthenticateOptions): AppMiddleware {
  return async (ctx, next) => {
    if (options.publicPaths.has(ctx.path)) return next();
    let user: SignedInUser;
    try {
      user = await options.verifier.verify(ctx.get(ALB_USER_HEADER) || undefined);
    } catch (err) {
      if (err instanceof InvalidToken) {
        ctx.state.log.info({ status: 401, problem: err.problem }, 'sign-in refused');
        refuse(ctx, 401, 'unauthenticated', err.message);
        return;
      }
      if (err instanceof SigningKeyUnavailable) {
        ctx.state.log.warn({ status: 503, err: err.message }, 'sign-in cannot be checked: the ALB key server failed');
        refuse(ctx, 503, 'auth_unavailable', 'Your sign-in cannot be checked right now; please try again in a moment', { 'Retry-After': '5' });
        return;
      }
      throw err;
    }
    ctx.state.user = user;
    await next();
  };
}

function refuse(ctx: AppContext, status: 401 | 503, code: string, message: string, headers: Record<string, string> = {}): void {
  ctx.set(headers);
  ctx.set('Cache-Control', 'no-store');
  // RFC 9110: a 401 names how to authenticate; here, through the load balancer's sign-in.
  if (status === 401) ctx.set('WWW-Authenticate', 'ALB-OIDC realm="chatbot"');
  ctx.status = status;
  if (wantsPage(ctx)) {
    ctx.set('Content-Security-Policy', AUTH_PAGE_CSP);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderAuthPage({ status, message, requestId: ctx.state.requestId });
    return;
  }
  const body: ErrorBody = { error: { code, message, requestId: ctx.state.requestId } };
  ctx.body = body;
}

/** A browser navigating to a page (not the API, not a script's fetch with Accept: * / *). */
function wantsPage(ctx: AppContext): boolean {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  if (ctx.path.startsWith('/api/')) return false;
  return ctx.accepts('json', 'html') === 'html';
}
