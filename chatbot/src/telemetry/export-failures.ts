/**
 * Keeps a down or failing OTLP collector visible without making it loud or dangerous: the OTLP
 * exporters report failures only through their result callbacks (and OpenTelemetry's diag logger,
 * which is silent unless configured), so these wrappers log the first failure of each signal and
 * then at most one line per interval, with the number of failures in between. Nothing is thrown:
 * chat must not notice the collector.
 */
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';

/** The exporters' result callback (its type lives in @opentelemetry/core, not a direct dependency). */
type ExportDone = Parameters<SpanExporter['export']>[1];

/** Where export failures go: a pino logger fits. */
export interface TelemetryLog {
  warn(fields: object, message: string): void;
}

/** The signal whose export failed, as in the OTLP path (`/v1/traces`, `/v1/metrics`). */
export type TelemetrySignal = 'traces' | 'metrics';

/** Logs export failures at most once per `intervalMs` per signal. */
export class ExportFailureLog {
  private readonly lastLogged = new Map<TelemetrySignal, number>();
  private readonly suppressed = new Map<TelemetrySignal, number>();

  constructor(
    private readonly log: TelemetryLog | undefined,
    private readonly intervalMs: number,
    /** Milliseconds; injectable for tests. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Called on every failed export; logs only when the interval has passed. */
  record(signal: TelemetrySignal, error: Error | undefined): void {
    const now = this.clock();
    const last = this.lastLogged.get(signal);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(signal, (this.suppressed.get(signal) ?? 0) + 1);
      return;
    }
    const failuresSinceLastLine = this.suppressed.get(signal) ?? 0;
    this.lastLogged.set(signal, now);
    this.suppressed.set(signal, 0);
    try {
      this.log?.warn(
        { signal, err: error?.message ?? 'unknown error', failures_since_last_line: failuresSinceLastLine },
        `telemetry export failed (${signal}); chat is unaffected, data is dropped until the collector answers`,
      );
    } catch {
      // A broken log destination must not turn into an export error either.
    }
  }

  /** Wraps a span exporter so its failures are recorded here. */
  spanExporter(inner: SpanExporter): SpanExporter {
    return {
      export: (spans: ReadableSpan[], done: ExportDone) => {
        inner.export(spans, (result) => {
          if (result.error !== undefined || result.code !== SUCCESS) this.record('traces', result.error);
          done(result);
        });
      },
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    };
  }

  /** Wraps a metric exporter (keeping its temporality and aggregation choices). */
  metricExporter(inner: PushMetricExporter): PushMetricExporter {
    return {
      export: (metrics: ResourceMetrics, done: ExportDone) => {
        inner.export(metrics, (result) => {
          if (result.error !== undefined || result.code !== SUCCESS) this.record('metrics', result.error);
          done(result);
        });
      },
      forceFlush: () => inner.forceFlush(),
      shutdown: () => inner.shutdown(),
      selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
      selectAggregation: inner.selectAggregation?.bind(inner),
    };
  }
}

/**
 * `ExportResultCode.SUCCESS` of @opentelemetry/core, which is not a direct dependency (it comes
 * with the SDK); the value is fixed by the OpenTelemetry JS API contract.
 */
const SUCCESS = 0;
