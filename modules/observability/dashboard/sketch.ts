/**
 * A sketch of a dashboard's layout in Markdown, generated from its body: a Mermaid block diagram
 * on the 24-column grid (one block per widget, as wide as the widget) and a table of what each
 * widget shows. docs/observability.md embeds it; a test regenerates it so it never drifts from
 * the dashboard (tools/observability-doc).
 */
import { isExpressionEntry, metricStatParts, type DashboardBody, type DashboardWidget, type MetricWidget } from './dashboard-body';
import { GRID_COLUMNS } from './grid-layout';
import { widgetTitle } from './validate-dashboard-body';

const VIEW_NAMES: Record<MetricWidget['properties']['view'], string> = {
  timeSeries: 'graph',
  singleValue: 'numbers',
  gauge: 'gauge',
  bar: 'bar chart',
  pie: 'pie chart',
};

/** What kind of widget it is, in a word or two. */
export function widgetKind(widget: DashboardWidget): string {
  if (widget.type === 'text') return 'text';
  if (widget.type === 'alarm') return 'alarm status';
  return VIEW_NAMES[widget.properties.view];
}

/** Mermaid entity codes for what would end or confuse a quoted label. */
function mermaidLabel(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Markdown table cell: no pipes, no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Widgets grouped into rows by their top edge, each row left to right. */
function rows(widgets: readonly DashboardWidget[]): DashboardWidget[][] {
  const byY = new Map<number, DashboardWidget[]>();
  for (const widget of widgets) byY.set(widget.y, [...(byY.get(widget.y) ?? []), widget]);
  return [...byY.keys()].sort((a, b) => a - b).map((y) => byY.get(y)!.sort((a, b) => a.x - b.x));
}

/** A Mermaid `block-beta` diagram of the grid: one line per row, `space` where a row has a gap. */
export function layoutDiagram(body: DashboardBody): string {
  const lines = ['```mermaid', 'block-beta', `  columns ${GRID_COLUMNS}`];
  let n = 0;
  for (const row of rows(body.widgets)) {
    const blocks: string[] = [];
    let x = 0;
    for (const widget of row) {
      if (widget.x > x) blocks.push(`space:${widget.x - x}`);
      blocks.push(`w${n++}["${mermaidLabel(`${widgetKind(widget)}: ${widgetTitle(widget)}`)}"]:${widget.width}`);
      x = widget.x + widget.width;
    }
    if (x < GRID_COLUMNS) blocks.push(`space:${GRID_COLUMNS - x}`);
    lines.push(`  ${blocks.join(' ')}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** What a widget draws: its visible series (metric or expression labels), alarms, or text. */
export function widgetContents(widget: DashboardWidget): string {
  if (widget.type === 'text') return 'notes and links';
  if (widget.type === 'alarm') return `${widget.properties.alarms.length} alarms`;
  const shown = widget.properties.metrics.flatMap((entry) => {
    if (isExpressionEntry(entry)) return entry[0].visible === false ? [] : [entry[0].label ?? entry[0].id];
    const { metricName, rendering } = metricStatParts(entry);
    return rendering.visible === false ? [] : [rendering.label ?? `${metricName} ${rendering.stat ?? ''}`.trim()];
  });
  const lines = (widget.properties.annotations?.horizontal ?? []).map((a) => `line: ${a.label ?? a.value}`);
  return [...shown, ...lines].join('; ');
}

function timeRange(widget: DashboardWidget, body: DashboardBody): string {
  if (widget.type !== 'metric') return '';
  const own = widget.properties.start;
  const range = own === undefined ? `dashboard (${body.start ?? 'default'})` : `own: ${own}`;
  const period = widget.properties.setPeriodToTimeRange ? 'whole range' : widget.properties.period === undefined ? '' : `${widget.properties.period} s`;
  return [range, period].filter((part) => part !== '').join(', ');
}

/** A table of every widget: where it sits, what kind it is, what it shows, over which time. */
export function widgetTable(body: DashboardBody): string {
  const header = ['| # | x, y | w × h | widget | shows | time range, period |', '|--:|:--|:--|:--|:--|:--|'];
  const lines = rows(body.widgets)
    .flat()
    .map((w, i) => `| ${i} | ${w.x}, ${w.y} | ${w.width} × ${w.height} | ${cell(`${widgetKind(w)}: ${widgetTitle(w)}`)} | ${cell(widgetContents(w))} | ${cell(timeRange(w, body))} |`);
  return [...header, ...lines].join('\n');
}

/** The whole sketch: diagram, then table. */
export function dashboardSketch(body: DashboardBody): string {
  return `${layoutDiagram(body)}\n\n${widgetTable(body)}`;
}
