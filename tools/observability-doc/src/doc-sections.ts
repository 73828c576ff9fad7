/**
 * The generated parts of docs/observability.md, README.md and chatbot/TELEMETRY.md: from the
 * validated config the SLO table, the alert policy (what pages, what opens a ticket) and a sketch of
 * each environment's dashboard built from the same body the stacks deploy; from the metric contract
 * its tables.
 */
import { approx, notifyingSpecs, runbookPath, type AlarmSpec } from '../../../modules/observability/alarm-spec';
import { BURN_RATE_POLICY, windowLabel } from '../../../modules/observability/burn-rate';
import { contractMetrics, type CloudWatchStatisticKind, type ContractMetric } from '../../../modules/observability/chatbot-metric-contract';
import { chatbotDashboard } from '../../../modules/observability/dashboard/chatbot-dashboard-body';
import { dashboardSketch } from '../../../modules/observability/dashboard/sketch';
import { budgetRatio, burnRateAlertLines, toPercent } from '../../../modules/observability/dashboard/slo-math';
import { sloAlarmSpecs } from '../../../modules/observability/slo-alarm-specs';
import { isMetricStatQuery, serviceLevelIndicators, type ServiceLevelIndicator } from '../../../modules/observability/slo-definitions';
import type { ProjectConfig } from '../../../modules/shared/environment-config';

/** Which generated section goes into which file. */
export const GENERATED_SECTIONS = {
  'docs/observability.md': ['slo-table', 'alert-policy', 'alarms', 'dashboard-layout'],
  'README.md': ['slo-table'],
  'chatbot/TELEMETRY.md': ['metric-contract'],
} as const;

export type SectionName = (typeof GENERATED_SECTIONS)[keyof typeof GENERATED_SECTIONS][number];

/** The budget as time of total outage: 10 % of 28 days is 2.8 d, 1 % is 6.72 h. */
export function budgetAsOutage(objective: number, windowDays: number): string {
  const hours = budgetRatio(objective) * windowDays * 24;
  if (hours >= 24) return `${approx(hours / 24)} d`;
  if (hours >= 1) return `${approx(hours)} h`;
  return `${approx(hours * 60)} min`;
}

/** How the SLI counts, from its queries: `chat.requests` Sum by outcome; TC(:2) / SampleCount ... */
function sliCounts(sli: ServiceLevelIndicator): string {
  const { queries } = sli.queries(60, 'q');
  const metrics = queries.filter(isMetricStatQuery);
  if (sli.name === 'availability') {
    const outcomes = metrics.map((q) => q.dimensions.outcome).filter((o): o is string => o !== undefined);
    return `\`${metrics[0].metric.cloudWatchName}\` (${metrics[0].stat}), \`outcome\` ${outcomes.join(' / ')}`;
  }
  return metrics.map((q) => `\`${q.metric.cloudWatchName}\` ${q.stat}`).join(' over ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function sloTable(project: ProjectConfig): string {
  const rows = project.environments.flatMap((env) =>
    serviceLevelIndicators(env).map((sli) => [
      `\`${env.name}\``,
      sli.name,
      `${toPercent(sli.objective)} %`,
      `${sli.windowDays} days`,
      `${toPercent(budgetRatio(sli.objective))} % of answers (${budgetAsOutage(sli.objective, sli.windowDays)} of total outage)`,
      `${sli.description}; ${sliCounts(sli)}`,
    ]),
  );
  return table(['environment', 'SLO', 'objective', 'window', 'error budget', 'SLI: good events / all events'], rows);
}

/** The burn-rate policy with each environment's thresholds. */
export function alertPolicy(project: ProjectConfig): string {
  const envs = project.environments;
  const header = ['alert', 'severity', 'long & short window', 'budget spent in the long window', ...envs.map((env) => `\`${env.name}\` fires at burn rate`)];
  const rows = BURN_RATE_POLICY.map((row) => [
    row.name,
    `**${row.severity}**`,
    `${windowLabel(row.longWindowMinutes)} & ${windowLabel(row.shortWindowMinutes)}`,
    `${toPercent(row.budgetFraction)} %`,
    ...envs.map((env) =>
      serviceLevelIndicators(env)
        .map((sli) => {
          const line = burnRateAlertLines(sli).find((l) => l.row.name === row.name)!;
          return `${sli.name} ≥ ${approx(line.burnRate)}×${line.capped ? ' (every answer bad: the policy rate is out of reach)' : ''}`;
        })
        .join('; '),
    ),
  ]);
  return table(header, rows);
}

function alarmRows(specs: readonly AlarmSpec[]): string[][] {
  return notifyingSpecs(specs).map((spec) => [
    `\`${spec.name}\``,
    `**${spec.severity}**`,
    spec.summary.replace(/^(PAGE|TICKET): /, ''),
    `[${spec.kind}](${runbookPath(spec.kind).replace(/^docs\//, '')})`,
  ]);
}

/** Every alarm that notifies, per environment, page first. */
export function alarmList(project: ProjectConfig): string {
  return project.environments
    .map((env) => `#### \`${env.name}\`\n\n${table(['alarm', 'severity', 'fires when', 'runbook'], alarmRows(sloAlarmSpecs(env)))}`)
    .join('\n\n');
}

/** Each environment's dashboard, sketched from its body. */
export function dashboardLayouts(project: ProjectConfig): string {
  return project.environments.map((env) => `#### \`${env.namePrefix}-${env.name}-chatbot\`\n\n${dashboardSketch(chatbotDashboard(env, sloAlarmSpecs(env)))}`).join('\n\n');
}

/** How each statistic kind is written in a query (CloudWatch's syntax, with example thresholds). */
const STATISTIC_EXAMPLES: Record<CloudWatchStatisticKind, string> = {
  Sum: 'Sum',
  SampleCount: 'SampleCount',
  Average: 'Average',
  Minimum: 'Minimum',
  Maximum: 'Maximum',
  percentile: '`p95`, `p99`',
  percentileRank: '`PR(:0.5)`',
  trimmed: '`TC(:0.5)`, `TM(5%:95%)`',
};

const NO_DATAPOINT: Record<ContractMetric['noDatapointMeans'], string> = {
  'nothing-happened': 'nothing happened (count 0)',
  'pipeline-down': 'the pipeline is down',
};

function code(text: string): string {
  return `\`${text}\``;
}

/** `outcome` = `success` | `fallback`, `gen_ai.response.model` (table() escapes the bar) */
function attributesCell(metric: ContractMetric): string {
  return metric.attributes.map((attribute) => {
    const values = metric.attributeValues[attribute];
    return values ? `${code(attribute)} = ${values.map(code).join(' | ')}` : code(attribute);
  }).join(', ');
}

function dimensionsCell(metric: ContractMetric): string {
  return metric.dimensionSets.map((set) => (set.length === 0 ? 'none' : set.map(code).join(' + '))).join('; ');
}

function emitterCell(metric: ContractMetric): string {
  return metric.source === 'chatbot' ? 'chatbot (meter `chatbot`)' : `collector (exporter ${(metric.attributeValues.exporter ?? []).map(code).join(', ')})`;
}

/** The metric contract as two tables: what is sent over OTLP, and what reaches CloudWatch. */
export function metricContractTables(metrics: readonly ContractMetric[] = contractMetrics()): string {
  const sent = table(
    ['Metric', 'Emitted by', 'Instrument, OTLP type, temporality', 'Unit', 'Attributes (on every data point, no others)', 'Meaning'],
    metrics.map((metric) => [
      code(metric.otelName),
      emitterCell(metric),
      `${metric.instrument}, ${metric.otlpType.replace('_', ' ')}, ${metric.temporality}`,
      code(metric.otelUnit),
      attributesCell(metric),
      metric.description,
    ]),
  );
  const published = table(
    ['CloudWatch metric', 'Unit', 'Dimension sets', 'Statistics', 'No datapoint in a period means'],
    metrics.map((metric) => [
      code(metric.cloudWatchName),
      metric.cloudWatchUnit,
      dimensionsCell(metric),
      metric.cloudWatchStatistics.map((kind) => STATISTIC_EXAMPLES[kind]).join(', '),
      NO_DATAPOINT[metric.noDatapointMeans],
    ]),
  );
  return [
    'Sent over OTLP to the collector:',
    sent,
    'Published by the collector (awsemf) to CloudWatch, namespace `<prefix>/<env>/chatbot`; nothing else is:',
    published,
  ].join('\n\n');
}

export function renderSection(name: SectionName, project: ProjectConfig): string {
  switch (name) {
    case 'slo-table':
      return sloTable(project);
    case 'alert-policy':
      return alertPolicy(project);
    case 'alarms':
      return alarmList(project);
    case 'dashboard-layout':
      return dashboardLayouts(project);
    case 'metric-contract':
      return metricContractTables();
  }
}
