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
import type { TelemetryLog } from './export-failures';
import { version } from '../../package.json';

export type { TelemetryLog } from './export-failures';

/** Options of {@link startTelemetry}; `config.telemetry` (src/config.ts) fits as it is. */
export interface TelemetryOptions {
  /** False when OTEL_SDK_DISABLED=true: nothing starts. */
  readonly enabled: boolean;
  /**
   * OTLP/HTTP base URL of the collector (OTEL_EXPORTER_OTLP_ENDPOINT), e.g.
   * `http://otel-collector.opentelemetry.svc.cluster.local:4318`; `/v1/traces` and `/v1/metrics`
   * are appended. Without one nothing starts.
   * @default none (telemetry off)
   */
  readonly endpoint?: string;
  /** `service.name` (OTEL_SERVICE_NAME). */
  readonly serviceName: string;
  /** `service.version`, e.g. the image tag. @default the version in chatbot/package.json */
  readonly serviceVersion?: string;
  /**
   * `deployment.environment.name` (`dev`, `prod`). OTEL_RESOURCE_ATTRIBUTES, read by the SDK's
   * resource detector, overrides it (that is how gitops/apps/chatbot overlays set it).
   * @default none
   */
  readonly deploymentEnvironment?: string;
  /** How often metrics are exported. @default 60000 (CloudWatch's one-minute resolution) */
  readonly metricExportIntervalMs?: number;
  /** Upper bound of one export, retries included, and of each shutdown step. @default 2000 */
  readonly exportTimeoutMs?: number;
  /** Finished spans waiting for export at most; more are dropped, so memory stays bounded. @default 2048 */
  readonly maxQueuedSpans?: number;
  /** Most spans per export request. @default 512 */
  readonly maxExportBatchSize?: number;
  /** Longest a finished span waits before its batch is exported. @default 2000 */
  readonly spanExportDelayMs?: number;
  /** Where export failures are reported. @default none (failures are dropped silently) */
  readonly logger?: TelemetryLog;
  /** Least time between two log lines about failed exports of one signal. @default 60000 */
  readonly failureLogIntervalMs?: number;
}

/** The running telemetry (or the no-op stand-in when it is off). */
export interface Telemetry {
  /** Whether the SDK runs; false means every span and metric is a no-op. */
  readonly enabled: boolean;
  /** Exports what is buffered now (tests; never rejects). */
  forceFlush(): Promise<void>;
  /**
   * Flushes (bounded by `exportTimeoutMs`), stops the SDK and unregisters the global tracer, meter, propagator and context manager, so a new SDK can
   * start in the same process (tests). Never rejects, never hangs.
   */
  shutdown(): Promise<void>;
}

/** The options with every default applied. */
export type ResolvedTelemetryOptions = Required<Omit<TelemetryOptions, 'logger' | 'deploymentEnvironment' | 'endpoint'>>
  & Pick<TelemetryOptions, 'logger' | 'deploymentEnvironment'>
  & { readonly endpoint: string };

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
