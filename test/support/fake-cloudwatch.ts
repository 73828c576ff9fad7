/**
 * A loopback CloudWatch for the real @aws-sdk/client-cloudwatch, in the protocol that client
 * speaks (3.1178: `awsJson1_0` with `awsQueryCompatible`, dist-cjs/index.js): `POST /` with
 * `content-type: application/x-amz-json-1.0`, `x-amz-target: GraniteServiceVersion20100801.<Op>`
 * and `x-amzn-query-mode: true`, SigV4-signed for service `monitoring`; timestamps are epoch
 * seconds. Errors are JSON `{"__type", "message"}` plus the `x-amzn-query-error: <Code>;Sender`
 * header real CloudWatch sends (the SDK takes the error name from it).
 *
 * GetMetricData works on stored per-minute datapoints of additive statistics (Sum, SampleCount,
 * TC(...)): it sums them into the requested period, hides what CloudWatch no longer keeps at that
 * period (1-minute data 15 days, 5-minute 63 days, hourly 455 days), rounds StartTime as
 * CloudWatch does, evaluates the metric math the SLO queries use (`FILL(id, 0)` and `+`), honours
 * ReturnData, ScanBy and MaxDatapoints, and pages with NextToken (results repeated on each page,
 * `PartialData` until their last page). DescribeAlarms filters by name prefix, AlarmTypes (only
 * metric alarms when omitted, as CloudWatch does) and state, with MaxRecords pages. Throttling
 * (`Throttling`, HTTP 400) and access denied (HTTP 403) on demand.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback, loopbackEndpoint, stopServer, withBody } from './loopback-server';

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const MINUTE_MS = 60_000;
const DAY_S = 86_400;
/** Statistics whose per-minute values add up to any longer period. */
const ADDITIVE_STAT = /^(Sum|SampleCount|TC\(.*\))$/;

export interface SeriesKey {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: string;
}

export interface FakeAlarm {
  readonly type: 'metric' | 'composite';
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly reason?: string;
  readonly since?: Date;
  readonly description?: string;
  readonly actionsEnabled?: boolean;
}

export interface RecordedCloudWatchRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly signedRegion?: string;
  readonly queryMode?: string;
  readonly status: number;
}

interface Query {
  Id: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
    Unit?: string;
  };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly type: string, message: string) {
    super(message);
  }
}

const invalid = (message: string) => new ApiError(400, 'InvalidParameterValue', 'com.amazonaws.cloudwatch#InvalidParameterValueException', message);

function seriesId(key: SeriesKey): string {
  const dims = Object.entries(key.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([key.namespace, key.metricName, dims, key.stat]);
}

export class FakeCloudWatch {
  public readonly requests: RecordedCloudWatchRequest[] = [];
  public readonly alarms: FakeAlarm[] = [];
  /** Answer this many of the next requests with Throttling. */
  public throttleNext = 0;
  /** Operations answered with 403 AccessDenied. */
  public readonly denied = new Set<string>();
  /** The clock retention is judged by (set it to the report's `now`). */
  public now = new Date();
  public readonly account = '111122223333';
  private readonly data = new Map<string, Map<number, number>>();
  private server?: Server;

  public async start(): Promise<string> {
    this.server = createServer(withBody((request, body, response) => this.handle(request, body, response)));
    return listenOnLoopback(this.server);
  }

  public get endpoint(): string {
    return loopbackEndpoint(this.server);
  }

  public async stop(): Promise<void> {
    await stopServer(this.server);
  }

  public reset(): void {
    this.requests.length = 0;
    this.alarms.length = 0;
    this.throttleNext = 0;
    this.denied.clear();
    this.data.clear();
  }

  /** Add `value` to the minute of `time` of a series (as several exports within a minute would). */
  public put(key: SeriesKey, time: Date, value: number): void {
    if (!ADDITIVE_STAT.test(key.stat)) throw new Error(`FakeCloudWatch stores only additive statistics (Sum, SampleCount, TC(...)), not ${key.stat}`);
    const id = seriesId(key);
    const points = this.data.get(id) ?? new Map<number, number>();
    const minute = Math.floor(time.getTime() / MINUTE_MS) * MINUTE_MS;
    points.set(minute, (points.get(minute) ?? 0) + value);
    this.data.set(id, points);
  }

  /** GetMetricData requests, in order. */
  public metricDataRequests(): RecordedCloudWatchRequest[] {
    return this.requests.filter((r) => r.operation === 'GetMetricData');
  }

  private handle(request: IncomingMessage, text: string, response: ServerResponse): void {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/monitoring\/aws4_request/.exec(request.headers.authorization ?? '');
    let body: Record<string, unknown> = {};
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ operation, body, signedRegion: scope?.[1], queryMode: request.headers['x-amzn-query-mode'] as string | undefined, status });
      const json = JSON.stringify(payload);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(Buffer.byteLength(json)),
        'x-amzn-requestid': `00000000-0000-4000-8000-${String(this.requests.length).padStart(12, '0')}`,
        ...headers,
      });
      response.end(json);
    };
    const fail = (error: ApiError) => reply(error.status, { __type: error.type, message: error.message }, { 'x-amzn-query-error': `${error.code};Sender` });
    try {
      if (request.method !== 'POST' || (request.url ?? '/') !== '/') throw new ApiError(404, 'UnknownOperation', 'com.amazon.coral.service#UnknownOperationException', `${request.method} ${request.url}`);
      if (request.headers['content-type'] !== 'application/x-amz-json-1.0') {
        throw new ApiError(400, 'UnknownOperation', 'com.amazon.coral.service#UnknownOperationException', `unexpected content-type ${request.headers['content-type']}`);
      }
      try {
        body = JSON.parse(text || '{}') as Record<string, unknown>;
      } catch {
        throw new ApiError(400, 'SerializationException', 'com.amazon.coral.service#SerializationException', 'body is not JSON');
      }
      if (!scope) throw new ApiError(403, 'MissingAuthenticationToken', 'com.amazon.coral.service#MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      if (this.throttleNext > 0) {
        this.throttleNext--;
        throw new ApiError(400, 'Throttling', 'com.amazon.coral.availability#ThrottlingException', 'Rate exceeded');
      }
      if (this.denied.has(operation)) {
        throw new ApiError(
          403, 'AccessDenied', 'com.amazon.coral.service#AccessDeniedException',
          `User: arn:aws:sts::${this.account}:assumed-role/ReadOnly/oncall is not authorized to perform: cloudwatch:${operation} ` +
            `because no identity-based policy allows the cloudwatch:${operation} action`,
        );
      }
      if (operation === 'GetMetricData') return reply(200, this.getMetricData(body));
      if (operation === 'DescribeAlarms') return reply(200, this.describeAlarms(body));
      throw new ApiError(400, 'UnknownOperation', 'com.amazon.coral.service#UnknownOperationException', `the fake does not implement ${target}`);
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      return fail(new ApiError(500, 'InternalFailure', 'com.amazon.coral.service#InternalFailure', String(error)));
    }
  }

  private getMetricData(body: Record<string, unknown>): unknown {
    const queries = body.MetricDataQueries as Query[] | undefined;
    if (!Array.isArray(queries) || queries.length === 0 || queries.length > 500) throw invalid('MetricDataQueries must hold 1 to 500 queries');
    const startSeconds = body.StartTime as number;
    const endSeconds = body.EndTime as number;
    if (typeof startSeconds !== 'number' || typeof endSeconds !== 'number') throw invalid('StartTime and EndTime are epoch seconds');
    if (startSeconds >= endSeconds) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
    const maxDatapoints = (body.MaxDatapoints as number | undefined) ?? 100_800;
    if (!(Number.isInteger(maxDatapoints) && maxDatapoints >= 1)) throw invalid('MaxDatapoints must be a positive integer');
    const ids = new Set<string>();
    for (const q of queries) {
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? '')) throw invalid(`The value ${q.Id} for parameter MetricDataQueries.member.Id is not valid.`);
      if (ids.has(q.Id)) throw invalid(`The values for parameter id in MetricDataQueries are not unique: ${q.Id}`);
      ids.add(q.Id);
      if ((q.MetricStat === undefined) === (q.Expression === undefined)) throw invalid(`Query ${q.Id} must set exactly one of MetricStat and Expression`);
      const period = q.MetricStat?.Period;
      if (period !== undefined && !(Number.isInteger(period) && (period % 60 === 0 || [1, 5, 10, 30].includes(period)))) {
        throw invalid(`The parameter MetricDataQueries.member.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60; got ${period}`);
      }
    }
    if (!queries.some((q) => q.ReturnData !== false)) throw invalid('At least one query must return data (ReturnData)');
    const periods = new Set(queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : [])));
    if (periods.size !== 1) throw invalid('The fake evaluates requests whose metrics share one period');
    const period = [...periods][0];
    const start = this.roundStart(startSeconds * 1000);
    const end = endSeconds * 1000;
    const buckets: number[] = [];
    for (let t = start; t < end; t += period * 1000) buckets.push(t);

    const evaluated = new Map<string, Map<number, number>>();
    const evaluate = (id: string, stack: string[] = []): Map<number, number> => {
      const done = evaluated.get(id);
      if (done) return done;
      const query = queries.find((q) => q.Id === id);
      if (!query) throw invalid(`Error in expression: unknown metric id ${id}`);
      if (stack.includes(id)) throw invalid(`Error in expression: circular reference to ${id}`);
      const result = query.MetricStat
        ? this.statSeries(query, buckets, period, end)
        : this.expression(query.Expression!, buckets, (ref) => evaluate(ref, [...stack, id]));
      evaluated.set(id, result);
      return result;
    };
    const ascending = body.ScanBy === 'TimestampAscending';
    const results = queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const points = [...evaluate(q.Id).entries()].sort(([a], [b]) => (ascending ? a - b : b - a));
        return { id: q.Id, label: q.Label ?? q.Id, points };
      });

    // Pages: the results' datapoints one after another, MaxDatapoints at a time.
    const requestHash = createHash('sha256').update(JSON.stringify({ ...body, NextToken: undefined })).digest('hex').slice(0, 16);
    let offset = 0;
    if (body.NextToken !== undefined) {
      const token = decodeToken(body.NextToken);
      if (!token || token.h !== requestHash) throw new ApiError(400, 'InvalidNextToken', 'com.amazonaws.cloudwatch#InvalidNextToken', 'The service returned an invalid NextToken.');
      offset = token.o;
    }
    const total = results.reduce((n, r) => n + r.points.length, 0);
    const pageEnd = Math.min(total, offset + maxDatapoints);
    let before = 0;
    const MetricDataResults = results.map((r) => {
      const from = Math.max(0, offset - before);
      const to = Math.max(0, Math.min(r.points.length, pageEnd - before));
      const slice = r.points.slice(from, Math.max(from, to));
      const complete = before + r.points.length <= pageEnd;
      before += r.points.length;
      return { Id: r.id, Label: r.label, Timestamps: slice.map(([t]) => t / 1000), Values: slice.map(([, v]) => v), StatusCode: complete ? 'Complete' : 'PartialData', Messages: [] };
    });
    return {
      MetricDataResults,
      ...(pageEnd < total ? { NextToken: Buffer.from(JSON.stringify({ o: pageEnd, h: requestHash })).toString('base64') } : {}),
      Messages: [],
    };
  }

  /** CloudWatch rounds StartTime down to 1 minute, 5 minutes or 1 hour by its age. */
  private roundStart(startMs: number): number {
    const age = (this.now.getTime() - startMs) / 1000;
    const unit = age > 63 * DAY_S ? 3600_000 : age > 15 * DAY_S ? 300_000 : MINUTE_MS;
    return Math.floor(startMs / unit) * unit;
  }

  /** Whether CloudWatch still holds a point of this age at this period. */
  private visible(time: number, period: number): boolean {
    const age = (this.now.getTime() - time) / 1000;
    if (age > 455 * DAY_S) return false;
    if (age > 63 * DAY_S) return period % 3600 === 0;
    if (age > 15 * DAY_S) return period % 300 === 0;
    return true;
  }

  private statSeries(query: Query, buckets: readonly number[], period: number, end: number): Map<number, number> {
    const stat = query.MetricStat!;
    const dimensions = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    const points = this.data.get(seriesId({ namespace: stat.Metric.Namespace, metricName: stat.Metric.MetricName, dimensions, stat: stat.Stat }));
    const out = new Map<number, number>();
    if (!points || stat.Unit !== undefined) return out; // the fake stores no units: a Unit filter matches nothing
    for (const bucket of buckets) {
      let sum = 0;
      let any = false;
      for (let t = bucket; t < Math.min(bucket + period * 1000, end); t += MINUTE_MS) {
        const value = points.get(t);
        if (value === undefined || !this.visible(t, period)) continue;
        sum += value;
        any = true;
      }
      if (any) out.set(bucket, sum);
    }
    return out;
  }

  /** `term (+ term)*`, a term being `id` or `FILL(id, number)`: what the SLO queries use. */
  private expression(expression: string, buckets: readonly number[], series: (id: string) => Map<number, number>): Map<number, number> {
    const terms = expression.split('+').map((term) => term.trim());
    const values = terms.map((term) => {
      const fill = /^FILL\(\s*([a-z][a-zA-Z0-9_]*)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)$/.exec(term);
      if (fill) {
        const source = series(fill[1]);
        return new Map(buckets.map((b) => [b, source.get(b) ?? Number(fill[2])]));
      }
      if (/^[a-z][a-zA-Z0-9_]*$/.test(term)) return series(term);
      throw invalid(`Error in expression ${expression}: the fake CloudWatch evaluates only sums of ids and FILL(id, n)`);
    });
    const out = new Map<number, number>();
    for (const bucket of buckets) {
      if (values.every((v) => v.has(bucket))) out.set(bucket, values.reduce((sum, v) => sum + v.get(bucket)!, 0));
    }
    return out;
  }

  private describeAlarms(body: Record<string, unknown>): unknown {
    const prefix = body.AlarmNamePrefix as string | undefined;
    const names = body.AlarmNames as string[] | undefined;
    if (prefix !== undefined && names !== undefined) throw invalid('AlarmNames and AlarmNamePrefix cannot be used together');
    const types = (body.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
    const maxRecords = (body.MaxRecords as number | undefined) ?? 50;
    if (!(Number.isInteger(maxRecords) && maxRecords >= 1 && maxRecords <= 100)) throw invalid('MaxRecords must be between 1 and 100');
    const matching = this.alarms
      .filter((a) => (prefix === undefined || a.name.startsWith(prefix)) && (names === undefined || names.includes(a.name)))
      .filter((a) => types.includes(a.type === 'metric' ? 'MetricAlarm' : 'CompositeAlarm'))
      .filter((a) => body.StateValue === undefined || a.state === body.StateValue)
      .sort((a, b) => a.name.localeCompare(b.name));
    let offset = 0;
    if (body.NextToken !== undefined) {
      const token = decodeToken(body.NextToken);
      if (!token) throw new ApiError(400, 'InvalidNextToken', 'com.amazonaws.cloudwatch#InvalidNextToken', 'The service returned an invalid NextToken.');
      offset = token.o;
    }
    const page = matching.slice(offset, offset + maxRecords);
    const common = (a: FakeAlarm) => ({
      AlarmName: a.name,
      AlarmArn: `arn:aws:cloudwatch:eu-west-1:${this.account}:alarm:${a.name}`,
      AlarmDescription: a.description,
      ActionsEnabled: a.actionsEnabled ?? true,
      AlarmActions: [`arn:aws:sns:eu-west-1:${this.account}:alarms`],
      OKActions: [],
      InsufficientDataActions: [],
      StateValue: a.state,
      StateReason: a.reason ?? `Threshold Crossed: 1 datapoint was ${a.state === 'ALARM' ? 'greater than' : 'not greater than'} the threshold.`,
      StateUpdatedTimestamp: (a.since ?? this.now).getTime() / 1000,
      AlarmConfigurationUpdatedTimestamp: (a.since ?? this.now).getTime() / 1000 - 86_400,
    });
    return {
      MetricAlarms: page.filter((a) => a.type === 'metric').map((a) => ({
        ...common(a),
        Metrics: [{ Id: 'error_ratio', Expression: '(w_total - w_good) / w_total', ReturnData: true }],
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 0.144,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        StateTransitionedTimestamp: (a.since ?? this.now).getTime() / 1000,
      })),
      CompositeAlarms: page.filter((a) => a.type === 'composite').map((a) => ({
        ...common(a),
        AlarmRule: `ALARM("${a.name}-1h") AND ALARM("${a.name}-5m")`,
        StateTransitionedTimestamp: (a.since ?? this.now).getTime() / 1000,
      })),
      ...(offset + maxRecords < matching.length ? { NextToken: Buffer.from(JSON.stringify({ o: offset + maxRecords })).toString('base64') } : {}),
    };
  }
}

function decodeToken(token: unknown): { o: number; h?: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { o?: unknown; h?: string };
    return typeof parsed.o === 'number' ? { o: parsed.o, h: parsed.h } : undefined;
  } catch {
    return undefined;
  }
}
