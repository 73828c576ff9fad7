/**
 * The SLO part of the dashboard: where each SLI stands over the SLO window (SLI and error budget
 * left, as numbers), how fast the budget burns over each alert window, the SLI against its
 * objective, and the budget burning down over the window.
 *
 * Why numbers over a widget's own time range: CloudWatch metric math has no sliding window, so a
 * graph cannot draw "the last 28 days" at every point. A single-value widget with its own
 * `start` (-P28D, -PT1H, ...) and `setPeriodToTimeRange` computes each metric once over exactly
 * that range, which is what the budget and the burn-rate alarms mean. The burndown graph spans
 * the window too, with RUNNING_SUM over hourly counts (./slo-math.ts).
 */
import type { HorizontalAnnotation, MetricsArrayEntry } from './dashboard-body';
import { COLORS, relativeStart, SLI_ID, sliTitle, type DashboardContext } from './dashboard-context';
import type { WidgetContent } from './grid-layout';
import { expressionEntry, hiddenEntries } from './metric-entries';
import {
  budgetBurndownExpression,
  budgetRemainingExpression,
  burnRateAlertLines,
  burnRateExpression,
  sliPercentExpression,
  toPercent,
  type BurnRateAlertLine,
} from './slo-math';
import { approx } from '../alarm-spec';
import { windowLabel, type BurnRatePolicyRow } from '../burn-rate';
import type { ServiceLevelIndicator } from '../slo-definitions';

/** Period of the SLI graphs: the seed's 5-minute windows, and the shortest alert window. */
export const SLI_GRAPH_PERIOD_SECONDS = 300;
/** Hourly counts: 672 points over 28 days (a graph line draws at most 1,440). */
const HOURLY = 3600;
/** How far back the burn-rate graph looks: long enough to show the 3-day (ticket) window's trend. */
export const BURN_RATE_GRAPH_DAYS = 7;

function metricWidget(ctx: DashboardContext, properties: Omit<Extract<WidgetContent, { type: 'metric' }>['properties'], 'region'>): WidgetContent {
  return { type: 'metric', properties: { ...properties, region: ctx.region } };
}

/** SLI and budget left over the whole SLO window, as two numbers. */
export function sloSummaryWidget(ctx: DashboardContext, sli: ServiceLevelIndicator): WidgetContent {
  const prefix = SLI_ID[sli.name];
  const { queries, goodId, totalId } = sli.queries(HOURLY, prefix);
  return metricWidget(ctx, {
    view: 'singleValue',
    title: `${sliTitle(sli)}, last ${sli.windowDays} days (objective ${toPercent(sli.objective)} %)`,
    start: relativeStart(sli.windowDays * 24 * 60),
    setPeriodToTimeRange: true,
    metrics: [
      ...hiddenEntries(queries),
      expressionEntry({ id: `${prefix}_sli`, expression: sliPercentExpression(goodId, totalId), label: `${sli.name} SLI %` }),
      expressionEntry({ id: `${prefix}_budget`, expression: budgetRemainingExpression(goodId, totalId, sli.objective), label: 'error budget left %' }),
    ],
  });
}

/** Burn rate of every SLI over the last long window of one policy row, with its threshold in the label. */
export function burnRateNowWidget(ctx: DashboardContext, row: BurnRatePolicyRow): WidgetContent {
  const metrics: MetricsArrayEntry[] = ctx.slis.flatMap((sli) => {
    const prefix = `${SLI_ID[sli.name]}_${row.name}`;
    const { queries, goodId, totalId } = sli.queries(row.longWindowMinutes * 60, prefix);
    const line = alertLine(sli, row);
    return [
      ...hiddenEntries(queries),
      expressionEntry({ id: `${prefix}_burn`, expression: burnRateExpression(goodId, totalId, sli.objective), label: `${sli.name} (${row.severity} above ${approx(line.burnRate)}x)` }),
    ];
  });
  return metricWidget(ctx, {
    view: 'singleValue',
    title: `Burn rate, last ${windowLabel(row.longWindowMinutes)} (${row.severity} with ${windowLabel(row.shortWindowMinutes)})`,
    start: relativeStart(row.longWindowMinutes),
    setPeriodToTimeRange: true,
    metrics,
  });
}

/** The SLI per 5 minutes against the objective line. */
export function sliGraphWidget(ctx: DashboardContext, sli: ServiceLevelIndicator): WidgetContent {
  const prefix = SLI_ID[sli.name];
  const { queries, goodId, totalId } = sli.queries(SLI_GRAPH_PERIOD_SECONDS, prefix);
  const objective = toPercent(sli.objective);
  return metricWidget(ctx, {
    view: 'timeSeries',
    title: `${sliTitle(sli)} SLI per 5 min vs objective`,
    period: SLI_GRAPH_PERIOD_SECONDS,
    metrics: [...hiddenEntries(queries), expressionEntry({ id: `${prefix}_sli`, expression: sliPercentExpression(goodId, totalId), label: `${sli.name} SLI %` }, { color: COLORS.good })],
    annotations: { horizontal: [{ value: objective, label: `objective ${objective} %`, color: COLORS.bad, fill: 'below' }] },
    yAxis: { left: { max: 100, label: '%', showUnits: false } },
    legend: { position: 'bottom' },
  });
}

/** Budget left through the SLO window, hour by hour, every SLI. */
export function budgetBurndownWidget(ctx: DashboardContext): WidgetContent {
  const windowDays = ctx.slis[0].windowDays;
  const metrics = ctx.slis.flatMap((sli): MetricsArrayEntry[] => {
    const prefix = `${SLI_ID[sli.name]}_h`;
    const { queries, goodId, totalId } = sli.queries(HOURLY, prefix);
    return [
      ...hiddenEntries(queries),
      expressionEntry({ id: `${prefix}_bad`, expression: `${totalId} - ${goodId}`, label: 'bad events' }, { visible: false }),
      expressionEntry({ id: `${prefix}_left`, expression: budgetBurndownExpression(`${prefix}_bad`, totalId, sli.objective), label: `${sli.name} budget left %` }),
    ];
  });
  return metricWidget(ctx, {
    view: 'timeSeries',
    title: `Error budget left over the ${windowDays}-day SLO window (hourly)`,
    start: relativeStart(windowDays * 24 * 60),
    period: HOURLY,
    metrics,
    annotations: { horizontal: [{ value: 0, label: 'budget spent', color: COLORS.bad, fill: 'below' }] },
    yAxis: { left: { max: 100, label: '%', showUnits: false } },
    legend: { position: 'bottom' },
  });
}

/** Hourly burn rate of every SLI over a week, with the alert thresholds as lines. */
export function burnRateGraphWidget(ctx: DashboardContext): WidgetContent {
  const metrics = ctx.slis.flatMap((sli): MetricsArrayEntry[] => {
    const prefix = `${SLI_ID[sli.name]}_b`;
    const { queries, goodId, totalId } = sli.queries(HOURLY, prefix);
    return [...hiddenEntries(queries), expressionEntry({ id: `${prefix}_burn`, expression: burnRateExpression(goodId, totalId, sli.objective), label: `${sli.name} burn rate` })];
  });
  return metricWidget(ctx, {
    view: 'timeSeries',
    title: `Burn rate per hour, last ${BURN_RATE_GRAPH_DAYS} days (1 = budget spent exactly over the window)`,
    start: relativeStart(BURN_RATE_GRAPH_DAYS * 24 * 60),
    period: HOURLY,
    metrics,
    annotations: { horizontal: burnRateAnnotations(ctx.slis) },
    legend: { position: 'bottom' },
  });
}

/** One line per distinct threshold; lines shared by every SLI are not repeated per SLI. */
export function burnRateAnnotations(slis: readonly ServiceLevelIndicator[]): HorizontalAnnotation[] {
  const perSli = slis.map((sli) => ({ sli, lines: burnRateAlertLines(sli) }));
  const sameLine = (a: BurnRateAlertLine, b: BurnRateAlertLine) => a.row.name === b.row.name && a.burnRate === b.burnRate;
  const shared = (line: BurnRateAlertLine) => perSli.every(({ lines }) => lines.some((l) => sameLine(l, line)));
  const annotations: HorizontalAnnotation[] = [];
  perSli.forEach(({ sli, lines }, i) => {
    for (const line of lines) {
      if (shared(line) && i > 0) continue;
      const who = shared(line) ? '' : `${sli.name} `;
      annotations.push({ value: line.burnRate, label: `${who}${line.label} above ${approx(line.burnRate)}x${line.capped ? ' (total outage)' : ''}`, color: COLORS[line.row.severity] });
    }
  });
  return annotations;
}

function alertLine(sli: ServiceLevelIndicator, row: BurnRatePolicyRow): BurnRateAlertLine {
  const line = burnRateAlertLines(sli).find((l) => l.row.name === row.name);
  if (line === undefined) throw new Error(`no alert line for policy row ${row.name}`);
  return line;
}
