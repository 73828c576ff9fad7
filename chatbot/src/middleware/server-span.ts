/**
 * The HTTP server span of every request but the probes, after the stable OpenTelemetry HTTP
 * semantic conventions (`POST /api/chat`, kind SERVER, the caller's W3C `traceparent` as parent),
 * and the `http.server.request.duration` histogram. Everything later in the request, the chat's
 * GenAI span and the log lines included, runs in its context.
 *
 * Why here and not `@opentelemetry/instrumentation-http`: the instrumentation binds the request
 * and response emitters to the context, wrapping every listener Node adds to them and every
 * event of a streamed answer, and computes its attributes from the raw headers. Measured on the
 * streaming benchmark (bench/load.bench.ts), it cost about 2 ms of CPU per answer and 15 ms of
 * time to first token at p95 under load, and its module hooks slowed start-up. The route is only
 * known here, too, which gives spans and metrics their low-cardinality `http.route`.
 *
 * Mount it first: the span covers the error boundary, and it ends on the raw response's `close`
 * (after the last byte of a stream, or when the client left), with the final status.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  metrics,
  propagation,
  trace,
  type Attributes,
  type Meter,
  type Tracer,
} from '@opentelemetry/api';
import type { AppMiddleware } from '../http/app-state';
import { PROBE_PATHS } from '../routes/health';

/** Options of {@link serverSpans}. */
export interface ServerSpanOptions {
  /** @default trace.getTracer('chatbot') */
  readonly tracer?: Tracer;
  /** Take it after the telemetry SDK started: meters do not proxy. @default metrics.getMeter('chatbot') */
  readonly meter?: Meter;
  /** Paths without a span or a measurement. @default the probes */
  readonly ignoredPaths?: ReadonlySet<string>;
}

/** The methods the conventions name; anything else is `_OTHER`, so attackers cannot mint new series. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

export function serverSpans(options: ServerSpanOptions = {}): AppMiddleware {
  const tracer = options.tracer ?? trace.getTracer('chatbot');
  const duration = (options.meter ?? metrics.getMeter('chatbot')).createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests, to the end of the response (of the stream, for chat answers)',
  });
  const ignored = options.ignoredPaths ?? PROBE_PATHS;
  return (ctx, next) => {
    if (ignored.has(ctx.path)) return next();
    const started = performance.now();
    const method = KNOWN_METHODS.has(ctx.method) ? ctx.method : '_OTHER';
    const scheme = ctx.protocol;
    const parent = propagation.extract(ROOT_CONTEXT, ctx.req.headers);
    const attributes: Attributes = {
      'http.request.method': method,
      'url.scheme': scheme,
      'url.path': ctx.path,
      'network.protocol.version': ctx.req.httpVersion,
      'client.address': ctx.req.socket.remoteAddress,
      'server.port': ctx.req.socket.localPort,
    };
    if (method === '_OTHER') attributes['http.request.method_original'] = ctx.method;
    const userAgent = ctx.req.headers['user-agent'];
    if (userAgent) attributes['user_agent.original'] = userAgent;
    const name = method === '_OTHER' ? 'HTTP' : method;
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);

    ctx.res.once('close', () => {
      const status = ctx.res.statusCode;
      const route = typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : undefined;
      // The span has method and scheme from its start; the histogram gets the same four.
      const final: Attributes = route ? { 'http.response.status_code': status, 'http.route': route } : { 'http.response.status_code': status };
      if (route) span.updateName(`${name} ${route}`);
      span.setAttributes(final);
      // For a server, only 5xx is its own failure; 4xx is the client's.
      if (status >= 500) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      duration.record((performance.now() - started) / 1000, { 'http.request.method': method, 'url.scheme': scheme, ...final });
    });
    return context.with(trace.setSpan(parent, span), next);
  };
}
