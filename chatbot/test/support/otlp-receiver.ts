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

export interface ReceivedMetric {
  readonly name: string;
  readonly unit: string;
  readonly type: 'sum' | 'gauge' | 'histogram' | 'exponential_histogram' | 'other';
  readonly dataPoints: readonly ReceivedDataPoint[];
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
  /** In arrival order; metrics are cumulative, so the last export of a name holds its totals. */
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
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: OtlpPoint[] };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[] };
  exponentialHistogram?: { dataPoints: OtlpPoint[] };
}
interface OtlpBody {
  resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
  resourceMetrics?: Array<{ resource?: { attributes?: KeyValue[] }; scopeMetrics?: Array<{ metrics?: OtlpMetric[] }> }>;
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
      return {
        name: metric.name,
        unit: metric.unit ?? '',
        type,
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
