/**
 * The telemetry bootstrap's options and handle: what ./sdk.ts (which decides whether to start)
 * and ./node-telemetry.ts (which starts the SDK) share. Types only, below both, so neither needs
 * the other's module: sdk.ts loads node-telemetry.ts lazily, and nothing imports back.
 */
import type { TelemetryLog } from './export-failures';

export type { TelemetryLog } from './export-failures';

/** Options of `startTelemetry` (./sdk.ts); `config.telemetry` (src/config.ts) fits as it is. */
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
