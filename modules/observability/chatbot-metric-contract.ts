/**
 * The one metric contract between the three places that name the chatbot's metrics:
 * - what is emitted over OTLP: the chatbot (chatbot/src/telemetry/, which gets a generated copy of
 *   this file, metric-contract.generated.ts: the image is built from chatbot/ alone, so it cannot
 *   import this file) and the collector about itself (its internal telemetry, pushed to its own
 *   OTLP receiver);
 * - how the ADOT collector's `awsemf` exporter turns them into CloudWatch metrics
 *   (gitops/platform/overlays/<env>/otel-collector-relay.yaml: namespace, metric_declarations,
 *   metric_descriptors, the filter that drops everything else; test/observability/ checks the
 *   rendered config against this contract);
 * - what the SLO alarms, the dashboard and `slo-report` query (namespace, metric name, dimensions,
 *   statistic), built from this module only.
 * A metric renamed in any one place fails a test. Pure data and small functions: no imports, so
 * every side (and the chatbot's copy) can depend on it. chatbot/TELEMETRY.md has it as a table.
 *
 * What awsemf (collector 0.158.0, exporter/awsemfexporter) does with each OTLP type decides the
 * shapes below:
 * - cumulative sums become deltas inside the exporter, per collector replica. With two replicas
 *   behind one Service an app's exports land on either, and each replica's deltas then overlap:
 *   counts come out wrong; and the first value of every series only sets the baseline, so a
 *   counter that appears with its first failure would lose exactly that failure. So everything is
 *   exported as DELTA (passed through as it is): the chatbot's SDK, and the collector's internal
 *   telemetry (`temporality_preference: delta` of its periodic reader).
 * - histograms are never converted to deltas (upstream issue #18245): a cumulative histogram would
 *   publish its totals since the process started every minute. The chatbot's are DELTA.
 * - explicit-bucket histograms become a statistic set (Min/Max/Sum/Count): no percentiles.
 *   Exponential histograms become `Values` (bucket midpoints) and `Counts` (split per 100
 *   buckets), from which CloudWatch computes percentiles, percentile ranks and trimmed counts.
 * - units: only `s`, `ms`, `us`, `By`, `bit`/`Bi` are translated; `{request}` would be published as
 *   it is, which is no CloudWatch unit, so the relay config overrides every contract unit with
 *   `metric_descriptors` (`cloudWatchUnit`).
 * - attributes become labels, plus `OTelLib` (the meter's name); only the dimension sets declared in
 *   `metric_declarations` become CloudWatch dimensions (`dimension_rollup_option:
 *   NoDimensionRollup` adds none). A metric no declaration selects is still written to the log
 *   group as EMF fields, so the relay's `filter/metric-contract` processor drops every metric
 *   outside this contract before awsemf sees it.
 * - a delta series with nothing recorded in an export interval sends no datapoint at all; see
 *   `noDatapointMeans` for what an alarm should make of that.
 */

/** The attribute / dimension values of `chat.requests` `outcome`. Abandoned answers are not counted. */
export const CHAT_OUTCOMES = ['success', 'fallback', 'error'] as const;
export type ChatOutcomeName = (typeof CHAT_OUTCOMES)[number];

/** Outcomes that count as good for the availability SLI (a fallback answer is still an answer). */
export const GOOD_OUTCOMES: readonly ChatOutcomeName[] = ['success', 'fallback'];

/** `gen_ai.token.type` values of `gen_ai.client.token.usage`. */
export const TOKEN_TYPES = ['input', 'output'] as const;

/** `gen_ai.system` values: the Bedrock provider and the offline one. */
export const GEN_AI_SYSTEMS = ['aws.bedrock', 'local'] as const;

/**
 * The `error.permanent` values of the collector's failure counters (a boolean attribute; awsemf
 * writes labels as strings).
 */
export const ERROR_PERMANENT_VALUES = ['true', 'false'] as const;

/** The collector's exporter ids (relay config `exporters:`), the `exporter` attribute of its own metrics. */
export const COLLECTOR_EXPORTERS = { traces: 'awsxray', metrics: 'awsemf', logs: 'awscloudwatchlogs' } as const;

/**
 * Statistics CloudWatch can compute for a metric, by kind: `percentile` is `p95`, `p99.9`;
 * `percentileRank` is `PR(:0.5)` (percent of values <= 0.5); `trimmed` covers TM/TC/TS/WM/IQM, e.g.
 * `TC(:0.5)` (how many values <= 0.5). The last three need the values, which only histograms carry.
 */
export type CloudWatchStatisticKind = 'Sum' | 'SampleCount' | 'Average' | 'Minimum' | 'Maximum' | 'percentile' | 'percentileRank' | 'trimmed';

/** Every statistic a histogram (exponential, published as Values/Counts) supports. */
const DISTRIBUTION_STATISTICS: readonly CloudWatchStatisticKind[] = ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum', 'percentile', 'percentileRank', 'trimmed'];
/**
 * A counter arrives as one delta per export and pod: only its Sum means something (SampleCount
 * counts exports, Average/Minimum/Maximum describe export batches, not requests).
 */
const COUNTER_STATISTICS: readonly CloudWatchStatisticKind[] = ['Sum'];

export interface ContractMetric {
  /** Who emits it: the chatbot, or the collector about itself (internal telemetry). */
  readonly source: 'chatbot' | 'collector';
  /** OTel instrument name, as the emitter creates it. */
  readonly otelName: string;
  /** One line: what it counts or measures (the instrument's description, docs, dashboard titles). */
  readonly description: string;
  readonly instrument: 'counter' | 'histogram';
  /** The OTLP data type the collector receives (chatbot histograms are exponential: see above). */
  readonly otlpType: 'sum' | 'exponential_histogram';
  /** Aggregation temporality of what is sent (see above why the chatbot's is delta). */
  readonly temporality: 'delta' | 'cumulative';
  /** OTel unit (UCUM), as the emitter creates it. */
  readonly otelUnit: string;
  /** Data point attributes the emitter sets (all of them, always, and no others). */
  readonly attributes: readonly string[];
  /** The values an attribute may take, where that set is closed (dimension values for queries). */
  readonly attributeValues: { readonly [attribute: string]: readonly string[] };
  /** The CloudWatch metric name awsemf publishes (the OTel name, unchanged). */
  readonly cloudWatchName: string;
  /** The CloudWatch unit awsemf publishes (set by the relay's `metric_descriptors`). */
  readonly cloudWatchUnit: 'Seconds' | 'Count' | 'None';
  /**
   * Dimension sets declared for it in the collector's `metric_declarations`; alarms and dashboard
   * query exactly one of these sets (CloudWatch matches dimensions exactly). `[]`: no dimension.
   */
  readonly dimensionSets: readonly (readonly string[])[];
  /** The statistics that mean something for it (see {@link isValidStatistic}). */
  readonly cloudWatchStatistics: readonly CloudWatchStatisticKind[];
  /**
   * What a period without a datapoint means (how an alarm should treat missing data):
   * `nothing-happened` (no answers, no failures: count it as 0) or `pipeline-down` (the metric is
   * published every export interval while the pipeline works, so its absence is the outage).
   */
  readonly noDatapointMeans: 'nothing-happened' | 'pipeline-down';
}

export const CHATBOT_METRICS = {
  /** One answer ended (success, fallback or error). The availability SLI. */
  requests: {
    source: 'chatbot',
    otelName: 'chat.requests',
    description: 'Chat answers by outcome (success, fallback, error); answers the user stopped are not counted',
    instrument: 'counter',
    otlpType: 'sum',
    temporality: 'delta',
    otelUnit: '{request}',
    attributes: ['outcome'],
    attributeValues: { outcome: CHAT_OUTCOMES },
    cloudWatchName: 'chat.requests',
    cloudWatchUnit: 'Count',
    dimensionSets: [['outcome']],
    cloudWatchStatistics: COUNTER_STATISTICS,
    noDatapointMeans: 'nothing-happened',
  },
  /**
   * An answer's duration, request to last event. p95 over all answers (no dimension) or by outcome.
   * SampleCount by outcome equals `chat.requests`.
   */
  requestDuration: {
    source: 'chatbot',
    otelName: 'chat.request.duration',
    description: 'Duration of a chat answer, from the request to its last event',
    instrument: 'histogram',
    otlpType: 'exponential_histogram',
    temporality: 'delta',
    otelUnit: 's',
    attributes: ['outcome'],
    attributeValues: { outcome: CHAT_OUTCOMES },
    cloudWatchName: 'chat.request.duration',
    cloudWatchUnit: 'Seconds',
    dimensionSets: [[], ['outcome']],
    cloudWatchStatistics: DISTRIBUTION_STATISTICS,
    noDatapointMeans: 'nothing-happened',
  },
  /**
   * Time to first token, for every answer that streamed text (answers the user stopped later
   * included: they saw that token). The latency SLI: share within a threshold T is `TC(:T)` /
   * `SampleCount` (or `PR(:T)` / 100). Values are bucket midpoints, so T is exact to about one
   * bucket (at most ~9 % of T with 100 buckets).
   */
  timeToFirstToken: {
    source: 'chatbot',
    otelName: 'gen_ai.server.time_to_first_token',
    description: 'Time from the request to the first streamed text of an answer',
    instrument: 'histogram',
    otlpType: 'exponential_histogram',
    temporality: 'delta',
    otelUnit: 's',
    attributes: ['gen_ai.system', 'gen_ai.response.model'],
    attributeValues: { 'gen_ai.system': GEN_AI_SYSTEMS },
    cloudWatchName: 'gen_ai.server.time_to_first_token',
    cloudWatchUnit: 'Seconds',
    dimensionSets: [[]],
    cloudWatchStatistics: DISTRIBUTION_STATISTICS,
    noDatapointMeans: 'nothing-happened',
  },
  /** Tokens per model and type of completed answers. Token usage and estimated cost on the dashboard. */
  tokenUsage: {
    source: 'chatbot',
    otelName: 'gen_ai.client.token.usage',
    description: 'Tokens used by the model that answered, by type (input, output)',
    instrument: 'counter',
    otlpType: 'sum',
    temporality: 'delta',
    otelUnit: '{token}',
    attributes: ['gen_ai.token.type', 'gen_ai.response.model'],
    attributeValues: { 'gen_ai.token.type': TOKEN_TYPES },
    cloudWatchName: 'gen_ai.client.token.usage',
    cloudWatchUnit: 'Count',
    dimensionSets: [['gen_ai.response.model', 'gen_ai.token.type']],
    cloudWatchStatistics: COUNTER_STATISTICS,
    noDatapointMeans: 'nothing-happened',
  },
  /**
   * Metric points the collector failed to send to CloudWatch (awsemf), after its retries. Recorded
   * only when something fails (no datapoint while all is well); a persistent failure of awsemf
   * cannot report itself: see collectorSentMetricPoints.
   */
  collectorSendFailedMetricPoints: collectorFailures(
    'otelcol_exporter_send_failed_metric_points',
    '{datapoints}',
    COLLECTOR_EXPORTERS.metrics,
    'Metric points the collector failed to send to CloudWatch (awsemf)',
  ),
  /** Spans the collector failed to send to X-Ray (only when something fails). */
  collectorSendFailedSpans: collectorFailures('otelcol_exporter_send_failed_spans', '{spans}', COLLECTOR_EXPORTERS.traces, 'Spans the collector failed to send to X-Ray'),
  /** Log records the collector failed to send to CloudWatch Logs (only when something fails). */
  collectorSendFailedLogRecords: collectorFailures(
    'otelcol_exporter_send_failed_log_records',
    '{records}',
    COLLECTOR_EXPORTERS.logs,
    'Log records the collector failed to send to CloudWatch Logs',
  ),
  /**
   * Metric points awsemf sent: the metrics pipeline's heartbeat. Every replica publishes its own
   * telemetry each minute through awsemf, so a missing datapoint means the collector is down or
   * awsemf cannot publish (alarm with missing data treated as breaching).
   */
  collectorSentMetricPoints: {
    ...collectorCounter('otelcol_exporter_sent_metric_points', '{datapoints}', 'Metric points the collector sent to CloudWatch: the metrics pipeline\'s heartbeat'),
    attributes: ['exporter'],
    attributeValues: { exporter: [COLLECTOR_EXPORTERS.metrics] },
    noDatapointMeans: 'pipeline-down',
  },
} as const satisfies Record<string, ContractMetric>;

export type ChatbotMetricKey = keyof typeof CHATBOT_METRICS;

/**
 * A counter of the collector's internal telemetry (exporterhelper, meter
 * `go.opentelemetry.io/collector/exporter/exporterhelper`; attribute `exporter` = the exporter id),
 * pushed by the collector to its own OTLP receiver as DELTA sums. Name and unit as the collector
 * 0.158.0 creates them (exporter/exporterhelper/metadata.yaml, prefixed `otelcol_`).
 */
function collectorCounter<Name extends string>(name: Name, otelUnit: string, description: string) {
  return {
    source: 'collector',
    otelName: name,
    description,
    instrument: 'counter',
    otlpType: 'sum',
    temporality: 'delta',
    otelUnit,
    cloudWatchName: name,
    cloudWatchUnit: 'Count',
    dimensionSets: [['exporter']],
    cloudWatchStatistics: COUNTER_STATISTICS,
  } as const;
}

/**
 * A failure counter of the collector. Since opentelemetry-collector pull request #14247 (releases
 * from early 2026 on, so 0.158.0 too) its points carry `error.type` (`Unavailable`,
 * `Deadline_Exceeded`, `_OTHER`...: open-ended, so no dimension) and `error.permanent` besides
 * `exporter`, and are recorded only when a send fails (issue #15568: no zero datapoints).
 */
function collectorFailures<Name extends string, Exporter extends string>(name: Name, otelUnit: string, exporter: Exporter, description: string) {
  return {
    ...collectorCounter(name, otelUnit, description),
    attributes: ['exporter', 'error.type', 'error.permanent'],
    attributeValues: { 'exporter': [exporter], 'error.permanent': ERROR_PERMANENT_VALUES },
    noDatapointMeans: 'nothing-happened',
  } as const satisfies ContractMetric;
}

/** Every metric of the contract, in declaration order. */
export function contractMetrics(source?: ContractMetric['source']): ContractMetric[] {
  const all: ContractMetric[] = Object.values(CHATBOT_METRICS);
  return source === undefined ? all : all.filter((metric) => metric.source === source);
}

/** The contract metric CloudWatch knows as `cloudWatchName`, if any. */
export function contractMetricByCloudWatchName(cloudWatchName: string): ContractMetric | undefined {
  return contractMetrics().find((metric) => metric.cloudWatchName === cloudWatchName);
}

/** The awsemf `metric_name_selectors` entry for a name: a regex matching exactly that name. */
export function metricNameSelector(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** The kind of a CloudWatch statistic string (`Sum`, `p95`, `TC(:0.5)`, `tm90`), or undefined. */
export function statisticKind(statistic: string): CloudWatchStatisticKind | undefined {
  if (['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'].includes(statistic)) return statistic as CloudWatchStatisticKind;
  if (/^p\d{1,2}(\.\d{1,10})?$/.test(statistic) || statistic === 'p100') return 'percentile';
  const bound = String.raw`\d+(\.\d+)?%?`;
  if (new RegExp(`^PR\\((${bound})?:(${bound})?\\)$`).test(statistic)) return 'percentileRank';
  if (statistic === 'IQM' || new RegExp(`^(tm|tc|ts|wm)\\d{1,2}(\\.\\d+)?$|^(TM|TC|TS|WM)\\((${bound})?:(${bound})?\\)$`).test(statistic)) return 'trimmed';
  return undefined;
}

/** Whether `statistic` means something for `metric` (alarms, dashboard and reports use only these). */
export function isValidStatistic(metric: ContractMetric, statistic: string): boolean {
  const kind = statisticKind(statistic);
  return kind !== undefined && metric.cloudWatchStatistics.includes(kind);
}
