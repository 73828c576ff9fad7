/**
 * The enabled half of ./sdk.ts: starts the OpenTelemetry Node SDK's tracer and meter providers.
 * Kept apart so the SDK's modules load only when telemetry is on.
 *
 * The providers are wired here rather than through `@opentelemetry/sdk-node`'s NodeSDK: NodeSDK
 * also loads the gRPC and protobuf exporters, the log SDK and the file-configuration parser
 * (~1.8 MB of code the chatbot never runs), which made up most of the process start time
 * (bench/load.bench.ts, "start to /readyz"). What NodeSDK did for us is spelled out below:
 * resource detection, the AsyncLocalStorage context manager and W3C propagators (register())
 * and the global meter provider. There is no instrumentation: the app makes its HTTP server spans
 * itself (src/middleware/server-span.ts says why).
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { AggregationType, InstrumentType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ExportFailureLog } from './export-failures';
import { contractMetrics } from './metric-contract.generated';
import type { ResolvedTelemetryOptions, Telemetry } from './telemetry-options';

/** `deployment.environment.name` is still in the incubating semantic conventions (no stable constant). */
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

/** The chatbot's metrics in the metric contract: their OTLP type and temporality set the SDK up. */
const CONTRACT = contractMetrics('chatbot');

/**
 * Histograms are exported as exponential histograms (the contract's `otlpType`): the collector's
 * awsemf exporter turns those into CloudWatch `Values`/`Counts`, from which CloudWatch computes
 * percentiles (the p95 latency alarm) and trimmed counts (the time-to-first-token SLI), while an
 * explicit-bucket histogram arrives as a statistic set (count, sum, min, max) with no percentiles.
 * 100 buckets: CloudWatch's limit of values per EMF metric, so awsemf need not split them. One
 * view for every histogram (http.server.request.duration too): two views matching one instrument
 * would export it twice.
 */
const HISTOGRAM_VIEWS = CONTRACT.some((metric) => metric.otlpType === 'exponential_histogram')
  ? [{ instrumentType: InstrumentType.HISTOGRAM, aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 100 } } } as const]
  : [];

/**
 * Counters and histograms are exported as deltas (the contract's `temporality`). awsemf turns
 * cumulative sums into deltas per collector replica: with two replicas behind the Service, the
 * chatbot's exports land on either, each replica subtracts from the value it saw last, and the
 * overlapping deltas count twice. Histograms it does not convert at all, so cumulative ones
 * would publish every answer since the pod started, every minute. Deltas are right on any replica.
 */
const TEMPORALITY = CONTRACT.every((metric) => metric.temporality === 'delta')
  ? AggregationTemporalityPreference.DELTA
  : AggregationTemporalityPreference.CUMULATIVE;

export function startNodeTelemetry(options: ResolvedTelemetryOptions): Telemetry {
  const failures = new ExportFailureLog(options.logger, options.failureLogIntervalMs);
  // The exporters' own timeout bounds each export, retries of 429/502/503/504 included.
  const exporterOptions = { timeoutMillis: options.exportTimeoutMs, concurrencyLimit: 2 };
  const spanProcessor = new BatchSpanProcessor(
    failures.spanExporter(new OTLPTraceExporter({ ...exporterOptions, url: `${options.endpoint}/v1/traces` })),
    {
      maxQueueSize: options.maxQueuedSpans,
      maxExportBatchSize: Math.min(options.maxExportBatchSize, options.maxQueuedSpans),
      scheduledDelayMillis: options.spanExportDelayMs,
      exportTimeoutMillis: options.exportTimeoutMs,
    },
  );
  const metricReader = new PeriodicExportingMetricReader({
    exporter: failures.metricExporter(new OTLPMetricExporter({ ...exporterOptions, url: `${options.endpoint}/v1/metrics`, temporalityPreference: TEMPORALITY })),
    exportIntervalMillis: options.metricExportIntervalMs,
    // The reader refuses a timeout longer than its interval.
    exportTimeoutMillis: Math.min(options.exportTimeoutMs, options.metricExportIntervalMs),
  });
  const resource = telemetryResource(options);
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global tracer, AsyncLocalStorage context manager, W3C trace-context + baggage propagators.
  tracerProvider.register();
  const meterProvider = new MeterProvider({ resource, readers: [metricReader], views: HISTOGRAM_VIEWS });
  metrics.setGlobalMeterProvider(meterProvider);

  return {
    enabled: true,
    forceFlush: async () => {
      await Promise.allSettled([spanProcessor.forceFlush(), metricReader.forceFlush()]);
    },
    shutdown: async () => {
      // Each exporter gives up after exportTimeoutMs; the margin covers the final collect.
      await bounded(Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]), options.exportTimeoutMs * 2 + 500);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * service.version and deployment.environment.name from the options, overridden by what the
 * environment says (OTEL_RESOURCE_ATTRIBUTES: the gitops overlays set the environment there),
 * plus host and process; service.name from the options (OTEL_SERVICE_NAME) always wins, as the
 * specification asks.
 */
function telemetryResource(options: ResolvedTelemetryOptions): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
      ...(options.deploymentEnvironment ? { [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: options.deploymentEnvironment } : {}),
    }))
    .merge(detectResources({ detectors: [envDetector, hostDetector, processDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
}

/** Waits for `work` at most `ms`; swallows its failure (telemetry must not fail the caller). */
async function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([work.then(() => undefined, () => undefined), timeout]);
  clearTimeout(timer);
}
