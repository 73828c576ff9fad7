/**
 * A typed model of a CloudWatch dashboard body (the JSON string of PutDashboard /
 * `aws_cloudwatch_dashboard.dashboard_body`), as "Dashboard Body Structure and Syntax" in the
 * CloudWatch API Reference documents it. Only the parts this repository uses are modelled, each
 * with the documented limits (checked by ./validate-dashboard-body.ts):
 * - the top level: `widgets` (0-500), `start`/`end`, `periodOverride`;
 * - widgets on a 24-column grid: `x` 0-23, `y` >= 0, `width` 1-24, `height` 1-1000;
 * - `metric` widgets (views timeSeries, singleValue, gauge, bar, pie): a `metrics` array of metric
 *   and expression entries, `region` (required), `period` (a multiple of 60), annotations...;
 * - `text` widgets (`markdown`) and `alarm` status widgets (1-100 alarm ARNs).
 * `start`/`end` and `setPeriodToTimeRange` on a metric widget are not in that page but are what the
 * console writes for a widget with its own time range and a number "for the whole time range"
 * (aws-cdk-lib's aws-cloudwatch writes the same keys).
 */

/** Relative (`-PT3H`, `-P28D`) or absolute (ISO 8601) time, as `start` takes it. */
export type DashboardTime = string;

export interface DashboardBody {
  /** Default time range when the dashboard loads, e.g. `-PT3H`. */
  readonly start?: DashboardTime;
  readonly end?: DashboardTime;
  /** `inherit`: each graph keeps its own period; `auto`: periods follow the time range. */
  readonly periodOverride?: 'auto' | 'inherit';
  readonly widgets: readonly DashboardWidget[];
}

/** Where a widget sits on the 24-column grid. */
export interface WidgetPlacement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type DashboardWidget = MetricWidget | TextWidget | AlarmStatusWidget;

export interface MetricWidget extends WidgetPlacement {
  readonly type: 'metric';
  readonly properties: MetricWidgetProperties;
}

export interface TextWidget extends WidgetPlacement {
  readonly type: 'text';
  readonly properties: { readonly markdown: string; readonly background?: 'solid' | 'transparent' };
}

export interface AlarmStatusWidget extends WidgetPlacement {
  readonly type: 'alarm';
  readonly properties: {
    readonly title?: string;
    /** Alarm ARNs (metric and composite alarms), 1-100. */
    readonly alarms: readonly string[];
    readonly sortBy?: 'default' | 'stateUpdatedTimestamp' | 'timestamp';
    readonly states?: readonly ('ALARM' | 'INSUFFICIENT_DATA' | 'OK')[];
  };
}

export type MetricWidgetView = 'timeSeries' | 'singleValue' | 'gauge' | 'bar' | 'pie';

export interface MetricWidgetProperties {
  readonly view: MetricWidgetView;
  readonly title: string;
  /** Required for metric widgets. */
  readonly region: string;
  /** 1-500 metric and expression entries. */
  readonly metrics: readonly MetricsArrayEntry[];
  /** Default period of the widget's metrics, in seconds (a multiple of 60). */
  readonly period?: number;
  /** Default statistic of the widget's metrics. */
  readonly stat?: string;
  readonly stacked?: boolean;
  readonly annotations?: { readonly horizontal?: readonly HorizontalAnnotation[] };
  /** A gauge must set `left.min` and `left.max`. */
  readonly yAxis?: { readonly left?: YAxisSettings; readonly right?: YAxisSettings };
  readonly legend?: { readonly position: 'right' | 'bottom' | 'hidden' };
  readonly liveData?: boolean;
  /** singleValue / gauge / bar / pie: one value over the whole time range instead of the last period. */
  readonly setPeriodToTimeRange?: boolean;
  /** singleValue: a small graph under the number (not with setPeriodToTimeRange). */
  readonly sparkline?: boolean;
  /** The widget's own time range, independent of the dashboard's. */
  readonly start?: DashboardTime;
  readonly end?: DashboardTime;
}

export interface YAxisSettings {
  readonly min?: number;
  readonly max?: number;
  readonly label?: string;
  readonly showUnits?: boolean;
}

export interface HorizontalAnnotation {
  readonly value: number;
  readonly label?: string;
  /** Six-digit HTML hex colour, e.g. `#d62728`. */
  readonly color?: string;
  readonly fill?: 'above' | 'below' | 'none';
  readonly yAxis?: 'left' | 'right';
  readonly visible?: boolean;
}

/** Per-metric rendering properties (the last element of a metric entry). */
export interface MetricRendering {
  /** Starts with a lowercase letter; unique in the widget; how expressions refer to it. */
  readonly id?: string;
  readonly label?: string;
  readonly stat?: string;
  readonly period?: number;
  readonly visible?: boolean;
  readonly yAxis?: 'left' | 'right';
  readonly color?: string;
}

/**
 * `[Namespace, MetricName, DimensionName1, DimensionValue1, ..., rendering]`. This model always
 * spells namespace and names out (never the `"."` shorthand) and always ends with the rendering
 * object, so each entry reads on its own.
 */
export type MetricStatEntry = readonly [namespace: string, metricName: string, ...dimensions: string[], rendering: MetricRendering];

/** `[{ expression, id, label, ... }]`: metric math over other entries' ids. */
export type ExpressionEntry = readonly [ExpressionRendering];

export interface ExpressionRendering extends Omit<MetricRendering, 'stat'> {
  readonly expression: string;
  readonly id: string;
}

export type MetricsArrayEntry = MetricStatEntry | ExpressionEntry;

export function isExpressionEntry(entry: MetricsArrayEntry): entry is ExpressionEntry {
  return entry.length === 1 && typeof entry[0] === 'object' && 'expression' in entry[0];
}

/** The parts of a metric entry: namespace, name, dimensions and rendering. */
export interface MetricStatParts {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly rendering: MetricRendering;
}

export function metricStatParts(entry: MetricStatEntry): MetricStatParts {
  const [namespace, metricName, ...rest] = entry as readonly unknown[] as [string, string, ...unknown[]];
  const rendering = rest[rest.length - 1] as MetricRendering;
  const flat = rest.slice(0, -1) as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) dimensions[flat[i]] = flat[i + 1];
  return { namespace, metricName, dimensions, rendering };
}
