/**
 * Reads metric queries with GetMetricData, every page: CloudWatch returns at most `MaxDatapoints`
 * (100,800 by default) datapoints per call, spread over the results, and a NextToken for the rest;
 * each page repeats the result ids, so the series are joined by id. A result whose StatusCode is
 * `PartialData` after the last page (CloudWatch gave up on part of it) is kept, with a warning;
 * `InternalError` or `Forbidden` fails the report rather than count missing data as good.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { MAX_DATAPOINTS_PER_CALL, MAX_QUERIES_PER_CALL, type MetricTimeRange } from './metric-periods';
import { SloReportError } from './report-errors';
import { isMetricStatQuery, type MetricQuery } from '../../../modules/observability/slo-definitions';

/** One series as read: timestamps (oldest first) and their values. */
export interface MetricSeries {
  readonly id: string;
  readonly points: readonly { readonly time: Date; readonly value: number }[];
}

export interface MetricDataAnswer {
  readonly series: ReadonlyMap<string, MetricSeries>;
  /** What CloudWatch said about incomplete results, one line each. */
  readonly warnings: readonly string[];
  /** GetMetricData calls made (pages). */
  readonly pages: number;
}

/** Pages followed at most: a token that never ends is CloudWatch's bug, not a reason to hang. */
const MAX_PAGES = 200;

/**
 * The SDK form of a query. Only `returned` ids come back (`ReturnData`); the others feed metric
 * math. No Unit is set: CloudWatch would then match only datapoints published with that unit.
 */
export function toMetricDataQuery(query: MetricQuery, returned: ReadonlySet<string>): MetricDataQuery {
  const common = { Id: query.id, ...(query.label === undefined ? {} : { Label: query.label }), ReturnData: returned.has(query.id) };
  if (!isMetricStatQuery(query)) return { ...common, Expression: query.expression };
  return {
    ...common,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metric.cloudWatchName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: query.periodSeconds,
      Stat: query.stat,
    },
  };
}

export interface ReadMetricDataOptions {
  /** Datapoints per page; CloudWatch's own maximum unless a test wants smaller pages. */
  readonly maxDatapoints?: number;
}

export async function readMetricData(
  client: CloudWatchClient, range: MetricTimeRange, queries: readonly MetricDataQuery[], options: ReadMetricDataOptions = {},
): Promise<MetricDataAnswer> {
  if (queries.length > MAX_QUERIES_PER_CALL) throw new SloReportError(`${queries.length} metric queries exceed GetMetricData's ${MAX_QUERIES_PER_CALL} per call`);
  const returnedIds = queries.filter((q) => q.ReturnData !== false).map((q) => q.Id!);
  const points = new Map<string, { time: Date; value: number }[]>(returnedIds.map((id) => [id, []]));
  const last = new Map<string, MetricDataResult>();
  const messages: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    if (pages === MAX_PAGES) throw new SloReportError(`GetMetricData still had more pages after ${MAX_PAGES} calls; narrow --window-days`);
    const answer = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: [...queries],
        StartTime: range.start,
        EndTime: range.end,
        ScanBy: 'TimestampAscending',
        MaxDatapoints: options.maxDatapoints ?? MAX_DATAPOINTS_PER_CALL,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    pages++;
    for (const message of answer.Messages ?? []) messages.push(`${message.Code ?? 'message'}: ${message.Value ?? ''}`);
    for (const result of answer.MetricDataResults ?? []) {
      const id = result.Id ?? '';
      const into = points.get(id);
      if (!into) throw new SloReportError(`GetMetricData answered with a result "${id}" that was not asked for`);
      const times = result.Timestamps ?? [];
      const values = result.Values ?? [];
      if (times.length !== values.length) throw new SloReportError(`GetMetricData result "${id}" has ${times.length} timestamps but ${values.length} values`);
      times.forEach((time, i) => into.push({ time, value: values[i] }));
      last.set(id, result);
    }
    const token = answer.NextToken || undefined;
    if (token !== undefined && token === nextToken) throw new SloReportError('GetMetricData returned the same NextToken twice');
    nextToken = token;
  } while (nextToken !== undefined);

  const warnings = [...messages];
  for (const id of returnedIds) {
    const result = last.get(id);
    if (!result) throw new SloReportError(`GetMetricData returned no result for "${id}"`);
    const detail = (result.Messages ?? []).map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()).join('; ');
    if (result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden') {
      throw new SloReportError(`CloudWatch could not compute "${id}" (${result.StatusCode}${detail ? `: ${detail}` : ''})`);
    }
    if (result.StatusCode === 'PartialData') warnings.push(`"${id}": CloudWatch returned partial data${detail ? ` (${detail})` : ''}`);
    else if (detail) warnings.push(`"${id}": ${detail}`);
  }
  const series = new Map<string, MetricSeries>();
  for (const [id, list] of points) {
    // Oldest first whatever the pages' order; a timestamp repeated on two pages counts once.
    const byTime = new Map(list.map((p) => [p.time.getTime(), p]));
    series.set(id, { id, points: [...byTime.values()].sort((a, b) => a.time.getTime() - b.time.getTime()) });
  }
  return { series, warnings, pages };
}
