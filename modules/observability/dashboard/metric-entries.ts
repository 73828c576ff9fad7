/**
 * Metric queries (./../slo-definitions.ts) as entries of a widget's `metrics` array. Every metric
 * entry is checked against the metric contract when it is made: one of the metric's declared
 * dimension sets, closed attribute values only, a statistic that means something for it. A
 * dashboard cannot show a metric nothing emits, under dimensions the collector never publishes.
 */
import type { ExpressionEntry, MetricRendering, MetricStatEntry, MetricsArrayEntry } from './dashboard-body';
import { contractProblem, isMetricStatQuery, type ExpressionQuery, type MetricQuery, type MetricStatQuery } from '../slo-definitions';

/** How an entry is drawn, beyond what the query says. */
export type EntryStyle = Pick<MetricRendering, 'visible' | 'yAxis' | 'color' | 'label'>;

export function metricStatEntry(query: MetricStatQuery, style: EntryStyle = {}): MetricStatEntry {
  const problem = contractProblem(query.metric, query.dimensions, query.stat);
  if (problem !== undefined) throw new Error(`dashboard query ${query.id}: ${problem}`);
  const dimensions = Object.entries(query.dimensions).flatMap(([name, value]) => [name, value]);
  const rendering: MetricRendering = {
    id: query.id,
    stat: query.stat,
    period: query.periodSeconds,
    ...(query.label === undefined ? {} : { label: query.label }),
    ...style,
  };
  return [query.namespace, query.metric.cloudWatchName, ...dimensions, rendering];
}

export function expressionEntry(query: ExpressionQuery, style: EntryStyle = {}): ExpressionEntry {
  return [{ expression: query.expression, id: query.id, ...(query.label === undefined ? {} : { label: query.label }), ...style }];
}

/** Any query as an entry; `visible: false` keeps an input of an expression off the graph. */
export function queryEntry(query: MetricQuery, style: EntryStyle = {}): MetricsArrayEntry {
  return isMetricStatQuery(query) ? metricStatEntry(query, style) : expressionEntry(query, style);
}

/** Inputs hidden, so only the named results are drawn. */
export function hiddenEntries(queries: readonly MetricQuery[]): MetricsArrayEntry[] {
  return queries.map((query) => queryEntry(query, { visible: false }));
}
