/**
 * `GET /api/info`: what the UI needs to present the service honestly: whether answers come from
 * the offline provider (the UI labels it), the models, the limits (so the text box can stop at
 * the server's message length instead of failing after the user typed too much), and whether it
 * can answer yet: `status` and `reason` as on /readyz, so the page can say why it cannot (e.g.
 * no AWS credentials) before the user types, and ask again until it can. With sign-in, also who
 * is signed in (`user`: the verified claims the page shows) and where to sign out (`signOutUrl`).
 */
import type Router from '@koa/router';
import type { ChatService } from '../chat/chat-service';
import type { ChatLimits } from '../config';
import type { AppState } from '../http/app-state';
import type { Readiness } from '../readiness';

/** With sign-in (AUTH_MODE=alb): the sign-out route's path. */
export interface InfoAuth {
  readonly signOutUrl: string;
}

export function registerInfoRoute(router: Router<AppState>, service: ChatService, limits: ChatLimits, readiness: Readiness, auth?: InfoAuth): void {
  const info = {
    provider: service.system === 'local' ? 'local' : 'bedrock',
    offline: service.system === 'local',
    models: service.models,
    defaultModel: service.models[0],
    limits: { maxMessages: limits.maxMessages, maxMessageChars: limits.maxMessageChars, maxTotalChars: limits.maxTotalChars },
  };
  router.get('/api/info', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    const reason = readiness.reason;
    const status = reason === undefined ? { status: 'ready' } : { status: 'not-ready', reason };
    const user = ctx.state.user;
    // The user's own claims, to themselves; `private` keeps shared caches from storing them.
    if (user) ctx.set('Cache-Control', 'private, no-cache');
    ctx.body = {
      ...info,
      ...status,
      ...(user ? { user: { sub: user.sub, name: user.name, email: user.email } } : {}),
      ...(auth ? { signOutUrl: auth.signOutUrl } : {}),
    };
  });
}
