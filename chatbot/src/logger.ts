/**
 * Structured JSON logs (pino). Every line carries the `trace_id` and `span_id` of the active
 * OpenTelemetry span, so a log line in CloudWatch Logs leads to its trace in X-Ray; request logs
 * also carry `request_id` (added by the request-id middleware as a child logger).
 */
import { Context, context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  readonly level?: LogLevel;
  /** Where lines go; tests pass a capturing stream. @default stdout */
  readonly destination?: DestinationStream;
}

/** The trace fields of the span active in `ctx` (empty without a valid span). */
export function traceFields(ctx: Context = context.active()): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getSpan(ctx)?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

/** A pino logger with trace correlation and string levels (`"level":"info"`, easier to query). */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'chatbot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => traceFields(),
    },
    options.destination,
  );
}
