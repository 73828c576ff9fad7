/**
 * Checks a dashboard body against the documented structure ("Dashboard Body Structure and
 * Syntax", CloudWatch API Reference) and the metric contract, and returns every problem found.
 * PutDashboard rejects a malformed body only at apply time, and accepts many mistakes silently (a
 * metric nobody publishes, a dimension set the collector never sends, an expression naming a
 * missing id: each just draws an empty graph). The construct refuses a body with problems at
 * synth; tests check the real bodies with the same function.
 */
import {
  isExpressionEntry,
  type AlarmStatusWidget,
  type DashboardBody,
  type DashboardWidget,
  type MetricWidget,
  type MetricsArrayEntry,
  type WidgetPlacement,
} from './dashboard-body';
import { GRID_COLUMNS } from './grid-layout';
import { contractMetricByCloudWatchName, statisticKind } from '../chatbot-metric-contract';
import { contractProblem } from '../slo-definitions';

export interface DashboardExpectations {
  /** The only namespace metrics may come from. */
  readonly namespace: string;
  /** The region every metric widget must name. */
  readonly region: string;
}

const METRIC_VIEWS = ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie'];
const ID = /^[a-z][A-Za-z0-9_]*$/;
/** `-PT3H`, `-P28D`, `-P1W`, `-P3M` (relative) or an ISO 8601 instant. */
const TIME = /^(-P(T\d+[MH]|\d+[DWM]|\d+DT\d+[HM]))$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:[^:]+$/;
/** A Terraform reference that becomes an ARN at apply time (cdktf writes tokens this way). */
const TERRAFORM_REFERENCE = /^\$\{[^}]+\}$/;

export function dashboardBodyProblems(body: DashboardBody, expected: DashboardExpectations): string[] {
  const problems: string[] = [];
  if (!Array.isArray(body.widgets)) return ['the body has no widgets array'];
  if (body.widgets.length > 500) problems.push(`${body.widgets.length} widgets; a dashboard holds at most 500`);
  if (body.periodOverride !== undefined && !['auto', 'inherit'].includes(body.periodOverride)) problems.push(`periodOverride ${body.periodOverride} is neither auto nor inherit`);
  problems.push(...timeRangeProblems('the dashboard', body.start, body.end));
  body.widgets.forEach((widget, i) => {
    const where = `widget ${i} (${widgetTitle(widget)})`;
    problems.push(...placementProblems(where, widget));
    if (widget.type === 'metric') {problems.push(...metricWidgetProblems(where, widget, expected));} else if (widget.type === 'alarm') {problems.push(...alarmWidgetProblems(where, widget));} else if (widget.type === 'text') {
      if (typeof widget.properties.markdown !== 'string' || widget.properties.markdown.trim() === '') problems.push(`${where}: a text widget needs markdown`);
    } else {problems.push(`${where}: unknown widget type ${(widget as { type: string }).type}`);}
  });
  problems.push(...overlapProblems(body.widgets));
  return problems;
}

export function widgetTitle(widget: DashboardWidget): string {
  if (widget.type === 'text') return firstLine(widget.properties.markdown);
  return widget.properties.title ?? widget.type;
}

function firstLine(markdown: string): string {
  return (markdown.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^#+\s*/, '').trim();
}

function placementProblems(where: string, w: WidgetPlacement): string[] {
  const problems: string[] = [];
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(w.x, 0, GRID_COLUMNS - 1)) problems.push(`${where}: x ${w.x} is not a column from 0 to 23`);
  if (!whole(w.y, 0, Number.MAX_SAFE_INTEGER)) problems.push(`${where}: y ${w.y} is not a whole number >= 0`);
  if (!whole(w.width, 1, GRID_COLUMNS)) problems.push(`${where}: width ${w.width} is not from 1 to 24`);
  if (!whole(w.height, 1, 1000)) problems.push(`${where}: height ${w.height} is not from 1 to 1000`);
  if (w.x + w.width > GRID_COLUMNS) problems.push(`${where}: x ${w.x} + width ${w.width} runs past the 24-column grid`);
  return problems;
}

function overlapProblems(widgets: readonly DashboardWidget[]): string[] {
  const problems: string[] = [];
  widgets.forEach((a, i) =>
    widgets.slice(i + 1).forEach((b, j) => {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      if (overlap) problems.push(`widgets ${i} (${widgetTitle(a)}) and ${i + 1 + j} (${widgetTitle(b)}) overlap`);
    }),
  );
  return problems;
}

function timeRangeProblems(where: string, start: string | undefined, end: string | undefined): string[] {
  const problems: string[] = [];
  if (start !== undefined && !TIME.test(start)) problems.push(`${where}: start ${start} is neither a relative time like -PT3H / -P28D nor an ISO 8601 instant`);
  if (end !== undefined && (start === undefined || !TIME.test(end) || end.startsWith('-'))) problems.push(`${where}: end ${end} needs a start and must be an ISO 8601 instant`);
  return problems;
}

function periodProblem(where: string, period: number | undefined): string[] {
  return period === undefined || (Number.isInteger(period) && period >= 60 && period % 60 === 0) ? [] : [`${where}: period ${period} is not a multiple of 60 seconds`];
}

function metricWidgetProblems(where: string, widget: MetricWidget, expected: DashboardExpectations): string[] {
  const p = widget.properties;
  const problems: string[] = [];
  if (!METRIC_VIEWS.includes(p.view)) problems.push(`${where}: view ${p.view} is not one of ${METRIC_VIEWS.join(', ')}`);
  if (p.region !== expected.region) problems.push(`${where}: region is ${p.region ?? 'missing'}, expected ${expected.region}`);
  if (typeof p.title !== 'string' || p.title === '') problems.push(`${where}: a metric widget needs a title`);
  if (!Array.isArray(p.metrics) || p.metrics.length < 1 || p.metrics.length > 500) problems.push(`${where}: a metric widget needs 1-500 metrics and expressions`);
  problems.push(...periodProblem(where, p.period), ...timeRangeProblems(where, p.start, p.end));
  if (p.view === 'gauge' && (p.yAxis?.left?.min === undefined || p.yAxis.left.max === undefined)) problems.push(`${where}: a gauge needs yAxis.left.min and max`);
  if (p.sparkline === true && p.setPeriodToTimeRange === true) problems.push(`${where}: sparkline cannot be combined with setPeriodToTimeRange`);
  if (p.stat !== undefined && statisticKind(p.stat) === undefined) problems.push(`${where}: ${p.stat} is not a CloudWatch statistic`);
  for (const annotation of p.annotations?.horizontal ?? []) {
    if (!Number.isFinite(annotation.value)) problems.push(`${where}: annotation ${annotation.label ?? ''} has no finite value`);
  }
  problems.push(...entryProblems(where, p, expected));
  return problems;
}

/** Ids metric math can refer to: lowercase-first words outside quotes (functions are upper case). */
export function referencedIds(expression: string): string[] {
  const unquoted = expression.replace(/'[^']*'|"[^"]*"/g, ' ');
  return [...new Set(unquoted.match(/(?<![A-Za-z0-9_.])[a-z][A-Za-z0-9_]*/g) ?? [])];
}

function entryProblems(where: string, properties: MetricWidget['properties'], expected: DashboardExpectations): string[] {
  const entries: readonly MetricsArrayEntry[] = properties.metrics ?? [];
  const widgetStat = properties.stat;
  const problems: string[] = [];
  const ids = new Map<string, number>();
  entries.forEach((entry, i) => {
    const id = isExpressionEntry(entry) ? entry[0].id : (entry[entry.length - 1] as { id?: string }).id;
    if (id === undefined) return;
    if (!ID.test(id)) problems.push(`${where}: id ${id} must start with a lowercase letter and hold only letters, digits and _`);
    if (ids.has(id)) problems.push(`${where}: id ${id} is used twice`);
    ids.set(id, i);
  });
  entries.forEach((entry, i) => {
    const at = `${where} metric ${i}`;
    if (isExpressionEntry(entry)) {
      const { expression, id } = entry[0];
      if (typeof expression !== 'string' || expression.trim() === '') problems.push(`${at}: empty expression`);
      for (const ref of referencedIds(expression ?? '')) {
        if (ref === id) problems.push(`${at}: expression ${id} refers to itself`);
        else if (!ids.has(ref)) problems.push(`${at}: expression ${id} refers to ${ref}, which is no id in this widget`);
      }
      problems.push(...periodProblem(at, entry[0].period));
      return;
    }
    problems.push(...metricEntryProblems(at, entry, widgetStat, expected));
  });
  return problems;
}

function metricEntryProblems(at: string, entry: readonly unknown[], widgetStat: string | undefined, expected: DashboardExpectations): string[] {
  const last = entry[entry.length - 1];
  const rendering = (typeof last === 'object' && last !== null ? last : {}) as { stat?: string; period?: number };
  const strings = (typeof last === 'object' ? entry.slice(0, -1) : entry) as unknown[];
  if (strings.length < 2 || strings.some((s) => typeof s !== 'string')) return [`${at}: a metric entry is [namespace, metric name, dimension name, value, ..., {rendering}]`];
  const [namespace, metricName, ...flat] = strings as string[];
  const problems: string[] = [];
  if (namespace === '.' || metricName === '.' || flat.includes('.')) problems.push(`${at}: spell namespace, metric and dimensions out instead of "."`);
  if (namespace !== expected.namespace) problems.push(`${at}: namespace ${namespace} is not the chatbot's ${expected.namespace}`);
  if (flat.length % 2 !== 0) problems.push(`${at}: dimension ${flat[flat.length - 1]} has no value`);
  problems.push(...periodProblem(at, rendering.period));
  const metric = contractMetricByCloudWatchName(metricName);
  if (metric === undefined) return [...problems, `${at}: ${metricName} is no metric of the contract (modules/observability/chatbot-metric-contract.ts)`];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (flat[i] in dimensions) problems.push(`${at}: dimension ${flat[i]} is given twice`);
    dimensions[flat[i]] = flat[i + 1];
  }
  const stat = rendering.stat ?? widgetStat ?? 'Average';
  const problem = contractProblem(metric, dimensions, stat);
  if (problem !== undefined) problems.push(`${at}: ${problem}`);
  return problems;
}

function alarmWidgetProblems(where: string, widget: AlarmStatusWidget): string[] {
  const { alarms, sortBy, states } = widget.properties;
  const problems: string[] = [];
  if (!Array.isArray(alarms) || alarms.length < 1 || alarms.length > 100) problems.push(`${where}: an alarm status widget lists 1-100 alarms, not ${alarms?.length ?? 0}`);
  for (const arn of alarms ?? []) {
    if (!ALARM_ARN.test(arn) && !TERRAFORM_REFERENCE.test(arn)) problems.push(`${where}: ${arn} is no CloudWatch alarm ARN`);
  }
  if (new Set(alarms).size !== (alarms ?? []).length) problems.push(`${where}: an alarm is listed twice`);
  if (sortBy !== undefined && !['default', 'stateUpdatedTimestamp', 'timestamp'].includes(sortBy)) problems.push(`${where}: sortBy ${sortBy} is not default, stateUpdatedTimestamp or timestamp`);
  for (const state of states ?? []) {
    if (!['ALARM', 'INSUFFICIENT_DATA', 'OK'].includes(state)) problems.push(`${where}: ${state} is no alarm state`);
  }
  return problems;
}
