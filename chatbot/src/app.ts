/**
 * Builds the chatbot's Koa app from its dependencies; it never listens (server.ts does), so
 * tests drive it over loopback HTTP with any provider, clock or lifecycle they like.
 *
 * Order matters: the server span is first so it covers everything, the error boundary included;
 * the error boundary comes next so every later failure becomes a JSON answer that
 * still carries the request id and security headers; draining refuses work before any is done;
 * readiness, the rate limit and the body reader guard only the chat route, the expensive one (a
 * chat that cannot be answered yet is refused before it costs a rate-limit token).
 */
import { resolve } from 'node:path';
import Router from '@koa/router';
import Koa from 'koa';
import { ChatService } from './chat/chat-service';
import type { ChatbotConfig } from './config';
import type { AppState } from './http/app-state';
import { clientAddressResolver } from './http/client-address';
import { Lifecycle } from './lifecycle';
import { Logger, createLogger } from './logger';
import { accessLog } from './middleware/access-log';
import { jsonBody } from './middleware/body';
import { cors } from './middleware/cors';
import { draining } from './middleware/draining';
import { errorBoundary } from './middleware/error-boundary';
import { notFound } from './middleware/not-found';
import { rateLimit } from './middleware/rate-limit';
import { requireReady } from './middleware/require-ready';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { serverSpans } from './middleware/server-span';
import { staticFiles } from './middleware/static-files';
import type { ChatProvider } from './providers/chat-provider';
import { Readiness } from './readiness';
import { chatHandler } from './routes/chat';
import { registerHealthRoutes } from './routes/health';
import { registerInfoRoute } from './routes/info';
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
  registerInfoRoute(router, service, config.limits, readiness);
  router.post(
    '/api/chat',
    requireReady(readiness),
    rateLimit({ ...config.rateLimit, clientAddress: clientAddressResolver(config.trustedProxyCidrs), clock }),
    jsonBody(config.limits.bodyLimitBytes),
    chatHandler({ service, limits: config.limits, lifecycle, heartbeatMs }),
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
    .use(notFound())
    .use(router.routes())
    .use(router.allowedMethods())
    .use(staticFiles(publicDir));
  return app;
}
