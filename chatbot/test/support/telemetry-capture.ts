/**
 * In-memory OpenTelemetry for unit tests: a tracer and a meter that are not registered
 * globally, so these tests neither see nor disturb the telemetry of other test files.
 */
import type { Meter, Tracer } from '@opentelemetry/api';
import { DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

/** A reader the test collects from on demand. */
class OnDemandReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export class TelemetryCapture {
  private readonly spanExporter = new InMemorySpanExporter();
  private readonly reader = new OnDemandReader();
  readonly tracer: Tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.spanExporter)] }).getTracer('test');
  readonly meter: Meter = new MeterProvider({ readers: [this.reader] }).getMeter('chatbot');

  get spans(): ReadableSpan[] {
    return this.spanExporter.getFinishedSpans();
  }

  /** The data points of metric `name` now. */
  async points(name: string): Promise<DataPoint<unknown>[]> {
    const { resourceMetrics } = await this.reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
    return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
  }
}
