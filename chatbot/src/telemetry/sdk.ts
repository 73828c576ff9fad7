/**
 * Starts OpenTelemetry for the chatbot: traces and metrics over OTLP/HTTP (JSON) to the collector
 * (ADOT in the cluster); the app makes the spans and metrics (src/middleware/server-span.ts,
 * src/chat/chat-service.ts). server.ts calls it before the app is built, so the app's meters are
 * the real ones; tests point it at a loopback receiver. Names and units: chatbot/TELEMETRY.md.
 *
 * Off (OTEL_SDK_DISABLED=true, or no OTEL_EXPORTER_OTLP_ENDPOINT) it is a no-op that costs
 * nothing: the SDK is not even loaded (it takes ~300 ms to load), so the API's no-op tracer and
 * meter stay in place and a laptop without a collector sees no connection attempts.
 *
 * A slow or down collector cannot slow or break chat: spans wait in a bounded queue and are dropped
 * when it is full, exports time out after `exportTimeoutMs`, failures are logged at most once per
 * interval, and `shutdown()` is bounded too.
 */
import type { ResolvedTelemetryOptions, Telemetry, TelemetryOptions } from './telemetry-options';
import { version } from '../../package.json';

export type { ResolvedTelemetryOptions, Telemetry, TelemetryLog, TelemetryOptions } from './telemetry-options';

const DEFAULTS = {
  metricExportIntervalMs: 60000,
  exportTimeoutMs: 2000,
  maxQueuedSpans: 2048,
  maxExportBatchSize: 512,
  spanExportDelayMs: 2000,
  failureLogIntervalMs: 60000,
};

const TELEMETRY_OFF: Telemetry = {
  enabled: false,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** Starts the SDK when enabled and given an endpoint; resolves to its handle. Never rejects. */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (!options.enabled || !options.endpoint) return TELEMETRY_OFF;
  const resolved: ResolvedTelemetryOptions = {
    ...DEFAULTS,
    serviceVersion: version,
    ...withoutUndefined(options),
    enabled: true,
    serviceName: options.serviceName,
    endpoint: options.endpoint.replace(/\/+$/, ''),
  };
  try {
    // Loaded only now: the SDK and its exporters are heavy, and unused when telemetry is off.
    const { startNodeTelemetry } = await import('./node-telemetry');
    return startNodeTelemetry(resolved);
  } catch (err) {
    // Telemetry is worth less than chat: a broken SDK start is logged, the chatbot still serves.
    options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'telemetry did not start; running without it');
    return TELEMETRY_OFF;
  }
}

/** Drops `undefined` fields, so an explicit `undefined` in the options keeps the default. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
