/**
 * How the service behaves minute by minute: time to first token and answer duration percentiles
 * against the thresholds the SLO and the p95 alarm use, answers by outcome, and fallbacks to the
 * second model against the fallback alarm's threshold.
 */
import type { MetricsArrayEntry } from './dashboard-body';
import { COLORS, type DashboardContext } from './dashboard-context';
import type { WidgetContent } from './grid-layout';
import { expressionEntry, hiddenEntries, metricStatEntry } from './metric-entries';
import { mathNumber, toPercent } from './slo-math';
import { CHAT_OUTCOMES, CHATBOT_METRICS, type ChatOutcomeName, type ContractMetric } from '../chatbot-metric-contract';
import { fallbackRatioQueries } from '../simple-alarm-specs';
import type { MetricStatQuery } from '../slo-definitions';

/** One-minute points: what the p95 alarm evaluates, and the finest the chatbot exports. */
export const SERVICE_PERIOD_SECONDS = 60;
const PERCENTILES = ['p50', 'p95', 'p99'] as const;
const OUTCOME_COLORS: Record<ChatOutcomeName, string> = { success: COLORS.good, fallback: COLORS.warning, error: COLORS.bad };

function query(ctx: DashboardContext, q: Omit<MetricStatQuery, 'namespace' | 'periodSeconds'>): MetricStatQuery {
  return { ...q, namespace: ctx.namespace, periodSeconds: SERVICE_PERIOD_SECONDS };
}

function percentileEntries(ctx: DashboardContext, prefix: string, metric: ContractMetric): MetricsArrayEntry[] {
  return PERCENTILES.map((p) => metricStatEntry(query(ctx, { id: `${prefix}_${p}`, metric, dimensions: {}, stat: p, label: p })));
}

export function timeToFirstTokenWidget(ctx: DashboardContext): WidgetContent {
  const threshold = ctx.env.slo.latency.firstTokenSeconds;
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: 'Time to first token (s), p50 / p95 / p99',
      region: ctx.region,
      period: SERVICE_PERIOD_SECONDS,
      metrics: percentileEntries(ctx, 'ttft', CHATBOT_METRICS.timeToFirstToken),
      annotations: { horizontal: [{ value: threshold, label: `latency SLO: first token within ${threshold} s`, color: COLORS.bad }] },
      yAxis: { left: { min: 0, label: 'seconds', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}

export function answerDurationWidget(ctx: DashboardContext): WidgetContent {
  const { p95Seconds, datapointsToAlarm, evaluationMinutes } = ctx.env.slo.answerDuration;
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: 'Answer duration (s), p50 / p95 / p99',
      region: ctx.region,
      period: SERVICE_PERIOD_SECONDS,
      metrics: percentileEntries(ctx, 'dur', CHATBOT_METRICS.requestDuration),
      annotations: { horizontal: [{ value: p95Seconds, label: `p95 alarm: above ${p95Seconds} s in ${datapointsToAlarm} of ${evaluationMinutes} min`, color: COLORS.bad }] },
      yAxis: { left: { min: 0, label: 'seconds', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}

function outcomeQuery(ctx: DashboardContext, id: string, outcome: ChatOutcomeName): MetricStatQuery {
  return query(ctx, { id, metric: CHATBOT_METRICS.requests, dimensions: { outcome }, stat: 'Sum', label: outcome });
}

export function outcomesWidget(ctx: DashboardContext): WidgetContent {
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: 'Answers per minute by outcome',
      region: ctx.region,
      period: SERVICE_PERIOD_SECONDS,
      stacked: true,
      metrics: CHAT_OUTCOMES.map((outcome) => metricStatEntry(outcomeQuery(ctx, `out_${outcome}`, outcome), { color: OUTCOME_COLORS[outcome] })),
      yAxis: { left: { min: 0, label: 'answers', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}

/**
 * The fallback share exactly as the fallback alarm evaluates it (its own queries: the ratio of the
 * sums over periods of the alarm's evaluation time, not an average of per-minute ratios), in
 * percent against its threshold; fallback answers per minute on the right axis.
 */
export function fallbackWidget(ctx: DashboardContext): WidgetContent {
  const { threshold, evaluationMinutes } = ctx.env.slo.fallbackRatio;
  const ratio = fallbackRatioQueries(ctx.env);
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: 'Fallbacks to the second model',
      region: ctx.region,
      period: SERVICE_PERIOD_SECONDS,
      metrics: [
        ...hiddenEntries(ratio.queries),
        expressionEntry({ id: 'fb_percent', expression: `100 * ${ratio.returnId}`, label: `fallback % per ${evaluationMinutes} min` }, { color: COLORS.bad }),
        metricStatEntry(outcomeQuery(ctx, 'fb_per_minute', 'fallback'), { yAxis: 'right', color: COLORS.warning, label: 'fallback answers per minute' }),
      ],
      annotations: { horizontal: [{ value: toPercent(threshold), label: `fallback alarm: above ${mathNumber(toPercent(threshold))} % over ${evaluationMinutes} min`, color: COLORS.bad, yAxis: 'left' }] },
      yAxis: { left: { min: 0, label: '%', showUnits: false }, right: { min: 0, label: 'answers', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}
