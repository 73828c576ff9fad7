/**
 * `GET /auth/sign-out` (with `AUTH_MODE=alb`): ends the ALB session the way the Elastic Load
 * Balancing guide says ("Authentication logout and session timeout"): expire the session cookie,
 * then send the browser to the IdP's logout endpoint (AUTH_LOGOUT_URL, e.g. Cognito's
 * `/logout?client_id=...&logout_uri=...`), which ends the IdP's session too. Without the first
 * step the ALB would keep letting the browser in; without the second it would sign the browser
 * straight back in from the IdP's session. Without AUTH_LOGOUT_URL it answers a small
 * "signed out" page that says so.
 *
 * The ALB splits a session larger than a cookie into shards `<name>-0`, `<name>-1`, ...: every
 * shard the browser sent is expired, and shards 0-3 always (the ALB's 11 KB limit on claims and
 * token fits in four 4 KB cookies). A deletion must name the cookie's path (the ALB sets `/`) and
 * no domain (it sets host-only cookies). The route needs no sign-in itself (authenticate.ts lets it
 * through): it reveals nothing and can only sign the caller out.
 */
import type Router from '@koa/router';
import { AUTH_PAGE_CSP, renderSignedOutPage } from '../auth/auth-page';
import type { AppState } from '../http/app-state';

export const SIGN_OUT_PATH = '/auth/sign-out';
const ALWAYS_EXPIRED_SHARDS = 4;
/** At most this many shards taken from the request: the header is the client's to fill. */
const MAX_SHARDS = 16;

export interface SignOutOptions {
  /** The ALB's session cookie name (AUTH_SESSION_COOKIE). */
  readonly sessionCookie: string;
  /** The IdP's logout URL (AUTH_LOGOUT_URL). */
  readonly logoutUrl?: string;
}

export function registerSignOutRoute(router: Router<AppState>, options: SignOutOptions): void {
  router.get(SIGN_OUT_PATH, (ctx) => {
    for (const name of sessionCookieNames(options.sessionCookie, ctx.get('Cookie'))) {
      ctx.append('Set-Cookie', `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax`);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.state.log.info('signed out: ALB session cookies expired');
    if (options.logoutUrl) {
      ctx.redirect(options.logoutUrl);
      return;
    }
    ctx.set('Content-Security-Policy', AUTH_PAGE_CSP);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderSignedOutPage();
  });
}

/** `<name>-0` to `<name>-3`, and any further `<name>-<n>` the request's Cookie header holds. */
export function sessionCookieNames(sessionCookie: string, cookieHeader: string): string[] {
  const names = new Set<string>();
  for (let shard = 0; shard < ALWAYS_EXPIRED_SHARDS; shard++) names.add(`${sessionCookie}-${shard}`);
  for (const pair of cookieHeader.split(';')) {
    const name = pair.split('=', 1)[0]!.trim();
    if (names.size >= ALWAYS_EXPIRED_SHARDS + MAX_SHARDS) break;
    if (name.startsWith(`${sessionCookie}-`) && /^\d{1,2}$/.test(name.slice(sessionCookie.length + 1))) names.add(name);
  }
  return [...names];
}
