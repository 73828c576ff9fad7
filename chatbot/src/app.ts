/**
 * Builds the chatbot's Koa app from its dependencies; it never listens (server.ts does), so
 * tests drive it over loopback HTTP with any provider, clock or lifecycle they like.
 *
 * Order matters: the server span is first so it covers everything, the error boundary included;
 * the error boundary comes next so every later failure becomes a JSON answer that
 * still carries the request id and security headers; draining refuses work before any is done;
 * sign-in (AUTH_MODE=alb) is checked before any route or file is served, so nothing but the
 * probes and sign-out answers without a verified user; readiness, the rate limit (per user) and
 * the body reader guard only the chat route, the expensive one (a chat that cannot be answered
 * yet is refused before it costs a rate-limit token), and the daily token budget is checked
 * there before the model is called.
 */
import { resolve } from 'node:path';
import Router from '@koa/router';
import Koa from 'koa';
import { AlbJwtVerifier } from './auth/alb-jwt';
import { AlbSigningKeys } from './auth/alb-signing-keys';
import type { AlbAuthConfig } from './auth/auth-config';
import { ChatService } from './chat/chat-service';
import type { ChatbotConfig } from './config';
import type { AppState } from './http/app-state';
import { clientAddressResolver } from './http/client-address';
import { Lifecycle } from './lifecycle';
import { Logger, createLogger } from './logger';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { jsonBody } from './middleware/body';
import { cors } from './middleware/cors';
import { draining } from './middleware/draining';
import { errorBoundary } from './middleware/error-boundary';
import { notFound } from './middleware/not-found';
import { rateLimit } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { requireReady } from './middleware/require-ready';
import { securityHeaders } from './middleware/security-headers';
import { serverSpans } from './middleware/server-span';
import { staticFiles } from './middleware/static-files';
import type { ChatProvider } from './providers/chat-provider';
import { Readiness } from './readiness';
import { chatHandler } from './routes/chat';
import { PROBE_PATHS, registerHealthRoutes } from './routes/health';
import { registerInfoRoute } from './routes/info';
import { SIGN_OUT_PATH, registerSignOutRoute } from './routes/sign-out';
import type { SpendGuard } from './spend/spend-guard';
import { ChatMetrics } from './telemetry/chat-metrics';

/** What the app is built from. */
export interface AppDeps {
  /** Validated configuration (src/config.ts `loadConfig`). */
  readonly config: ChatbotConfig;
  /** Where answers come from (`LocalProvider`, `BedrockProvider`, or a test fake). */
  readonly provider: ChatProvider;
  /** @default a pino logger at `config.logLevel` on stdout */
  readonly logger?: Logger;
  /** Milliseconds, monotonic; drives latency, time to first token and the rate limit. @default performance.now */
  readonly clock?: () => number;
  /** Draining state and open answers, shared with the shutdown handler. @default a new Lifecycle */
  readonly lifecycle?: Lifecycle;
  /**
   * Whether the provider can answer yet (server.ts runs its check until it passes). @default
   * ready: the app itself never checks, so tests of everything else need no credentials.
   */
  readonly readiness?: Readiness;
  /**
   * Chat instruments; build after the telemetry SDK started. @default new ChatMetrics(). (The
   * server span middleware takes its meter when the app is built, for the same reason.)
   */
  readonly metrics?: ChatMetrics;
  /** The built web UI. @default chatbot/public */
  readonly publicDir?: string;
  /** Milliseconds between SSE keep-alive comments. @default 15000 */
  readonly heartbeatMs?: number;
  /**
   * The daily token budget (src/spend/spend-guard.ts `createSpendGuard(config.spend, ...)`);
   * whoever creates it closes it. @default none: no budget is enforced
   */
  readonly spend?: SpendGuard;
  /** Wall clock, milliseconds since the epoch: sign-in token expiry. @default Date.now */
  readonly now?: () => number;
}

const DEFAULTS = {
  clock: (): number => performance.now(),
  publicDir: resolve(__dirname, '..', 'public'),
  heartbeatMs: 15000,
};

export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, provider, clock, publicDir, heartbeatMs, ...rest } = { ...DEFAULTS, ...deps };
  const logger = rest.logger ?? createLogger({ level: config.logLevel });
  const lifecycle = rest.lifecycle ?? new Lifecycle();
  const readiness = rest.readiness ?? new Readiness();
  const service = new ChatService({ provider, metrics: rest.metrics ?? new ChatMetrics(), clock });

  const router = new Router<AppState>();
  registerHealthRoutes(router, lifecycle, readiness);
  registerInfoRoute(router, service, config.limits, readiness, config.auth.mode === 'alb' ? { signOutUrl: SIGN_OUT_PATH } : undefined);
  if (config.auth.mode === 'alb') registerSignOutRoute(router, config.auth);
  router.post(
    '/api/chat',
    requireReady(readiness),
    rateLimit({ ...config.rateLimit, clientAddress: clientAddressResolver(config.trustedProxyCidrs), clock }),
    jsonBody(config.limits.bodyLimitBytes),
    chatHandler({ service, limits: config.limits, lifecycle, heartbeatMs, spend: rest.spend }),
  );

  const app = new Koa<AppState>();
  // Errors never reach Koa's default handler (the boundary catches them), except failures of a
  // streamed static file after its headers went out: log those instead of printing to stderr.
  app.on('error', (err: unknown) => logger.warn({ err }, 'response stream failed'));
  app
    .use(serverSpans())
    .use(errorBoundary(logger))
    .use(requestId(logger))
    .use(accessLog(clock))
    .use(securityHeaders())
    .use(cors(config.corsOrigins))
    .use(draining(lifecycle))
    .use(signIn(config.auth, rest.now))
    .use(notFound())
    .use(router.routes())
    .use(router.allowedMethods())
    .use(staticFiles(publicDir));
  return app;
}

/** With AUTH_MODE=alb, the middleware that verifies the ALB's signed user claims; else a pass-through. */
function signIn(auth: ChatbotConfig['auth'], now: (() => number) | undefined): Koa.Middleware<AppState> {
  if (auth.mode !== 'alb') return (_ctx, next) => next();
  return authenticate({ verifier: albVerifier(auth, now), publicPaths: new Set([...PROBE_PATHS, SIGN_OUT_PATH]) });
}

function albVerifier(auth: AlbAuthConfig, now: (() => number) | undefined): AlbJwtVerifier {
  const keys = new AlbSigningKeys({ endpoint: auth.keyEndpoint });
  return new AlbJwtVerifier({
    signer: auth.signer,
    issuer: auth.issuer,
    clientId: auth.clientId,
    leewaySeconds: auth.leewaySeconds,
    keyFor: (kid) => keys.get(kid),
    now,
  });
}
