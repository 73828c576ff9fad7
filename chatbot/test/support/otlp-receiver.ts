/**
 * A loopback OTLP/HTTP receiver for tests: accepts `POST /v1/traces` and `POST /v1/metrics` in
 * the OTLP JSON encoding (what @opentelemetry/exporter-*-otlp-http send) and keeps what arrived,
 * flattened to plain objects. It can play a collector that is down: answering 503, or taking
 * requests and never answering.
 */
import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** `accept`: 200; `fail`: 503 (retryable, like a collector shedding load); `hang`: never answers. */
export type ReceiverMode = 'accept' | 'fail' | 'hang';

/** OTLP span kinds (the JSON encoding numbers them from 0 = unspecified). */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

export type Attributes = Record<string, unknown>;

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Attributes;
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Attributes }>;
  readonly status: { readonly code?: number; readonly message?: string };
  readonly resource: Attributes;
}

export interface ReceivedDataPoint {
  readonly attributes: Attributes;
  /** Sums and gauges. */
  readonly value?: number;
  /** Histograms (explicit or exponential). */
  readonly count?: number;
  readonly sum?: number;
}

/** OTLP `AggregationTemporality` of sums and histograms (none for gauges). */
export type Temporality = 'delta' | 'cumulative';

export interface ReceivedMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly type: 'sum' | 'gauge' | 'histogram' | 'exponential_histogram' | 'other';
  /** Sums and histograms; undefined for gauges. */
  readonly temporality?: Temporality;
  /** Sums only. */
  readonly monotonic?: boolean;
  readonly dataPoints: readonly ReceivedDataPoint[];
  /** The instrumentation scope (the meter's name). */
  readonly scope: string;
  readonly resource: Attributes;
}

export class OtlpReceiver {
  /** Starts a receiver on 127.0.0.1 and a free port. */
  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      receiver.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(400).end('not OTLP JSON');
      });
    });
    return receiver;
  }

  /** Every export request that arrived, whatever the mode answered. */
  requests = 0;
  mode: ReceiverMode = 'accept';
  readonly spans: ReceivedSpan[] = [];
  /**
   * Every export of every metric, in arrival order. The chatbot exports deltas: one export holds
   * what was recorded since the previous one, and a name may arrive once per flush; {@link totals}
   * adds them up.
   */
  readonly metrics: ReceivedMetric[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server, readonly url: string) {}

  /** The spans called `name`. */
  spansNamed(name: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.name === name);
  }

  /** The latest export of metric `name` (undefined when it never arrived). */
  latest(name: string): ReceivedMetric | undefined {
    return [...this.metrics].reverse().find((metric) => metric.name === name);
  }

  /** Every export of metric `name`, in arrival order. */
  exportsOf(name: string): ReceivedMetric[] {
    return this.metrics.filter((metric) => metric.name === name);
  }

  /**
   * What metric `name` adds up to over every export, one point per attribute set (in order of
   * first arrival): delta points are summed (value, count, sum), a cumulative series keeps its
   * last point. Empty when it never arrived.
   */
  totals(name: string): ReceivedDataPoint[] {
    const byAttributes = new Map<string, ReceivedDataPoint>();
    for (const metric of this.exportsOf(name)) {
      for (const point of metric.dataPoints) {
        const key = attributesKey(point.attributes);
        const previous = byAttributes.get(key);
        byAttributes.set(key, previous === undefined || metric.temporality !== 'delta' ? point : {
          attributes: point.attributes,
          value: add(previous.value, point.value),
          count: add(previous.count, point.count),
          sum: add(previous.sum, point.sum),
        });
      }
    }
    return [...byAttributes.values()];
  }

  /** Ends hanging requests and closes the server. */
  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requests++;
    if (this.mode === 'hang') {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (this.mode === 'fail') {
      response.writeHead(503, { 'Content-Type': 'application/json' }).end('{"code":14,"message":"collector down (test)"}');
      return;
    }
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/json')) {
      response.writeHead(415).end('this test receiver speaks OTLP/HTTP JSON only');
      return;
    }
    const body = JSON.parse(raw.toString('utf8')) as OtlpBody;
    if (request.url === '/v1/traces') {this.spans.push(...flattenSpans(body));} else if (request.url === '/v1/metrics') {this.metrics.push(...flattenMetrics(body));} else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  }
}

/** A URL on which nothing listens (a collector that is not there at all). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// The OTLP JSON shapes, as far as these tests read them.
interface KeyValue { key: string; value: AnyValue }
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
  events?: Array<{ name: string; attributes?: KeyValue[] }>;
  status?: { code?: number; message?: string };
}
interface OtlpPoint { attributes?: KeyValue[]; asInt?: number | string; asDouble?: number; count?: number | string; sum?: number }
/** The JSON encoding may carry an enum as its number or its name. */
type OtlpTemporality = number | string;
interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  sum?: { dataPoints: OtlpPoint[]; aggregationTemporality?: OtlpTemporality; isMonotonic?: boolean };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[]; aggregationTemporality?: OtlpTemporality };
  exponentialHistogram?: { dataPoints: OtlpPoint[]; aggregationTemporality?: OtlpTemporality };
}
interface OtlpBody {
  resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
  resourceMetrics?: Array<{ resource?: { attributes?: KeyValue[] }; scopeMetrics?: Array<{ scope?: { name?: string }; metrics?: OtlpMetric[] }> }>;
}

function flattenSpans(body: OtlpBody): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) => (scope.spans ?? []).map((span) => ({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId || undefined,
      name: span.name,
      kind: span.kind,
      attributes: attributesOf(span.attributes),
      events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributesOf(event.attributes) })),
      status: span.status ?? {},
      resource,
    })));
  });
}

function flattenMetrics(body: OtlpBody): ReceivedMetric[] {
  return (body.resourceMetrics ?? []).flatMap((resourceMetrics) => {
    const resource = attributesOf(resourceMetrics.resource?.attributes);
    return (resourceMetrics.scopeMetrics ?? []).flatMap((scope) => (scope.metrics ?? []).map((metric) => {
      const type = metric.exponentialHistogram ? 'exponential_histogram'
        : metric.histogram ? 'histogram' : metric.sum ? 'sum' : metric.gauge ? 'gauge' : 'other';
      const points = (metric.exponentialHistogram ?? metric.histogram ?? metric.sum ?? metric.gauge)?.dataPoints ?? [];
      const temporality = temporalityOf((metric.exponentialHistogram ?? metric.histogram ?? metric.sum)?.aggregationTemporality);
      return {
        name: metric.name,
        description: metric.description ?? '',
        unit: metric.unit ?? '',
        type,
        ...(temporality ? { temporality } : {}),
        ...(metric.sum ? { monotonic: metric.sum.isMonotonic === true } : {}),
        scope: scope.scope?.name ?? '',
        resource,
        dataPoints: points.map((point) => ({
          attributes: attributesOf(point.attributes),
          value: point.asDouble ?? (point.asInt === undefined ? undefined : Number(point.asInt)),
          count: point.count === undefined ? undefined : Number(point.count),
          sum: point.sum,
        })),
      };
    }));
  });
}

/** OTLP AggregationTemporality: 1 = DELTA, 2 = CUMULATIVE (0 = unspecified). */
function temporalityOf(value: OtlpTemporality | undefined): Temporality | undefined {
  if (value === 1 || value === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (value === 2 || value === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return undefined;
}

/** A key for an attribute set, independent of the order of its keys. */
function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function add(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

function attributesOf(list: KeyValue[] | undefined): Attributes {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return value.bytesValue;
}
