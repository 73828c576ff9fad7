/**
 * The enabled half of ./sdk.ts: builds and starts the OpenTelemetry NodeSDK. Kept apart so the
 * SDK's modules load only when telemetry is on.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, InstrumentType, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ExportFailureLog } from './export-failures';
import type { ResolvedTelemetryOptions, Telemetry } from './sdk';

/** `deployment.environment.name` is still in the incubating semantic conventions (no stable constant). */
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

/**
 * Every histogram (latency, time to first token) is exported as an exponential histogram: the
 * collector's awsemf exporter turns those into CloudWatch `Values`/`Counts`, from which CloudWatch
 * computes percentiles (the p95 latency alarm), while an explicit-bucket histogram arrives as a
 * statistic set (count, sum, min, max) with no percentiles. 100 buckets: CloudWatch's limit of
 * values per EMF metric, so older awsemf versions need not split them.
 */
const HISTOGRAMS_AS_EXPONENTIAL = {
  instrumentType: InstrumentType.HISTOGRAM,
  aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 100 } },
} as const;

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
    exporter: failures.metricExporter(new OTLPMetricExporter({ ...exporterOptions, url: `${options.endpoint}/v1/metrics` })),
    exportIntervalMillis: options.metricExportIntervalMs,
    // The reader refuses a timeout longer than its interval.
    exportTimeoutMillis: Math.min(options.exportTimeoutMs, options.metricExportIntervalMs),
  });
  const ignored = new Set(options.ignoredPaths);
  const collector = new URL(options.endpoint);
  const httpInstrumentation = new HttpInstrumentation({
    ignoreIncomingRequestHook: (request: IncomingMessage) => ignored.has(pathOf(request.url)),
    // Exports already run with tracing suppressed; this keeps them out of the HTTP client metrics too.
    ignoreOutgoingRequestHook: (request: RequestOptions) => isCollector(request, collector),
    // Outgoing calls outside a request (credential refreshes) would each start a lonely trace.
    requireParentforOutgoingSpans: true,
  });

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
      ...(options.deploymentEnvironment ? { [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: options.deploymentEnvironment } : {}),
    })),
    spanProcessors: [spanProcessor],
    metricReaders: [metricReader],
    views: [HISTOGRAMS_AS_EXPONENTIAL],
    // Logs go to stdout as JSON (pino) and from there to CloudWatch Logs; without this the SDK
    // would set up an OTLP log exporter of its own from the environment.
    logRecordProcessors: [],
    instrumentations: [httpInstrumentation],
  });
  sdk.start();
  applyHttpPatchNow();

  return {
    enabled: true,
    forceFlush: async () => {
      await Promise.allSettled([spanProcessor.forceFlush(), metricReader.forceFlush()]);
    },
    shutdown: async () => {
      // Each exporter gives up after exportTimeoutMs; the margin covers the final collect.
      await bounded(sdk.shutdown(), options.exportTimeoutMs * 2 + 500);
      httpInstrumentation.disable();
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * The instrumentation patches `http` when it is next required, but `http` is usually loaded by
 * now (server.ts, test files). Its exports and `http.Server.prototype` are shared, so requiring
 * it once here applies the patch to every server, whatever the load order.
 */
function applyHttpPatchNow(): void {
  module.require('node:http');
}

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function isCollector(request: RequestOptions, collector: URL): boolean {
  const host = request.hostname ?? request.host?.replace(/:\d+$/, '');
  const port = String(request.port ?? (request.protocol === 'https:' ? 443 : 80));
  const collectorPort = collector.port || (collector.protocol === 'https:' ? '443' : '80');
  return host === collector.hostname && port === collectorPort;
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
