/**
 * The metric contract as Markdown tables, for chatbot/TELEMETRY.md: the section between
 * {@link BEGIN_MARKER} and {@link END_MARKER} is this text, written by
 * `npx tsx tools/metric-contract/src/write-telemetry-doc.ts` and compared by
 * test/observability/telemetry-doc.test.ts, so the document cannot drift from the contract.
 */
import { contractMetrics, type CloudWatchStatisticKind, type ContractMetric } from './chatbot-metric-contract';

export const CONTRACT_SOURCE = 'modules/observability/chatbot-metric-contract.ts';
export const TELEMETRY_DOC = 'chatbot/TELEMETRY.md';
export const BEGIN_MARKER = '<!-- BEGIN metric-contract: generated from modules/observability/chatbot-metric-contract.ts by `npx tsx tools/metric-contract/src/write-telemetry-doc.ts`; do not edit by hand -->';
export const END_MARKER = '<!-- END metric-contract -->';

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

/** `outcome` = `success` \| `fallback`, `gen_ai.response.model` */
function attributesCell(metric: ContractMetric): string {
  return metric.attributes.map((attribute) => {
    const values = metric.attributeValues[attribute];
    return values ? `${code(attribute)} = ${values.map(code).join(' \\| ')}` : code(attribute);
  }).join(', ');
}

function dimensionsCell(metric: ContractMetric): string {
  return metric.dimensionSets.map((set) => (set.length === 0 ? 'none' : set.map(code).join(' + '))).join('; ');
}

function emitterCell(metric: ContractMetric): string {
  return metric.source === 'chatbot' ? 'chatbot (meter `chatbot`)' : `collector (exporter ${(metric.attributeValues.exporter ?? []).map(code).join(', ')})`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The generated section, markers included, ending with a newline. */
export function metricContractMarkdown(metrics: readonly ContractMetric[] = contractMetrics()): string {
  const sent = [
    row(['Metric', 'Emitted by', 'Instrument, OTLP type, temporality', 'Unit', 'Attributes (on every data point, no others)', 'Meaning']),
    row(Array(6).fill('---')),
    ...metrics.map((metric) => row([
      code(metric.otelName),
      emitterCell(metric),
      `${metric.instrument}, ${metric.otlpType.replace('_', ' ')}, ${metric.temporality}`,
      code(metric.otelUnit),
      attributesCell(metric),
      metric.description,
    ])),
  ];
  const published = [
    row(['CloudWatch metric', 'Unit', 'Dimension sets', 'Statistics', 'No datapoint in a period means']),
    row(Array(5).fill('---')),
    ...metrics.map((metric) => row([
      code(metric.cloudWatchName),
      metric.cloudWatchUnit,
      dimensionsCell(metric),
      metric.cloudWatchStatistics.map((kind) => STATISTIC_EXAMPLES[kind]).join(', '),
      NO_DATAPOINT[metric.noDatapointMeans],
    ])),
  ];
  return [
    BEGIN_MARKER,
    '',
    'Sent over OTLP to the collector:',
    '',
    ...sent,
    '',
    'Published by the collector (awsemf) to CloudWatch, namespace `<prefix>/<env>/chatbot`; nothing else is:',
    '',
    ...published,
    '',
    END_MARKER,
    '',
  ].join('\n');
}

/** `document` with its generated section replaced by `generated`; throws when the markers are missing. */
export function withGeneratedSection(document: string, generated: string): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`${TELEMETRY_DOC} has no section between "${BEGIN_MARKER}" and "${END_MARKER}"`);
  return document.slice(0, begin) + generated + document.slice(end + END_MARKER.length).replace(/^\n/, '');
}
