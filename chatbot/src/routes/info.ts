/**
 * `GET /api/info`: what the UI needs to present the service honestly: whether answers come from
 * the offline provider (the UI labels it), the models, the limits (so the text box can stop at
 * the server's message length instead of failing after the user typed too much), and whether it
 * can answer yet: `status` and `reason` as on /readyz, so the page can say why it cannot (e.g.
 * no AWS credentials) before the user types, and ask again until it can.
 */
import type Router from '@koa/router';
import type { ChatService } from '../chat/chat-service';
import type { ChatLimits } from '../config';
import type { AppState } from '../http/app-state';
import type { Readiness } from '../readiness';

export function registerInfoRoute(router: Router<AppState>, service: ChatService, limits: ChatLimits, readiness: Readiness): void {
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
    ctx.body = reason === undefined ? { ...info, status: 'ready' } : { ...info, status: 'not-ready', reason };
  });
}
