/**
 * The seed's alarms, kept as plain threshold alarms beside the burn-rate ones: p95 answer duration,
 * the share of answers that fell back, no traffic in business hours (optional), and the collector's
 * own health (export failures, heartbeat). Queries come from the metric contract and the SLI
 * definitions, so they name exactly what the chatbot and the collector publish.
 *
 * Severities: only what needs someone now pages. A slow p95, fallbacks and dropped telemetry open a
 * ticket (the latency and availability burn-rate alarms page when users are really hurt); no
 * traffic when there should be some, and a dead metrics pipeline (which blinds every SLO alarm),
 * page.
 */
import { alarmName, percent, type MetricAlarmSpec } from './alarm-spec';
import { CHATBOT_METRICS, type ContractMetric } from './chatbot-metric-contract';
import { isMetricStatQuery, serviceLevelIndicators, type MetricQuery, type MetricStatQuery } from './slo-definitions';
import { WEEKDAYS, type BusinessHours, type EnvironmentConfig } from '../shared/environment-config';
import { metricNamespace } from '../shared/naming';

const MINUTE = 60;

/** No-traffic alarm: 15-minute periods, all four of the last hour empty (inside business hours). */
const NO_TRAFFIC = { periodSeconds: 15 * MINUTE, evaluationPeriods: 4 } as const;
/** Collector alarms: 5-minute periods; export failures in 2 of 3, a heartbeat missing in 3 of 3. */
const COLLECTOR = { periodSeconds: 5 * MINUTE, evaluationPeriods: 3, failureDatapoints: 2 } as const;

function availabilityQueries(env: EnvironmentConfig, periodSeconds: number) {
  const availability = serviceLevelIndicators(env).find((sli) => sli.name === 'availability');
  if (!availability) throw new Error('simpleAlarmSpecs: the availability SLI is missing from slo-definitions');
  return availability.queries(periodSeconds, 'a');
}

function answerDuration(env: EnvironmentConfig): MetricAlarmSpec {
  const { p95Seconds, datapointsToAlarm, evaluationMinutes } = env.slo.answerDuration;
  const query: MetricStatQuery = {
    id: 'p95',
    namespace: metricNamespace(env.namePrefix, env.name),
    metric: CHATBOT_METRICS.requestDuration,
    dimensions: {},
    stat: 'p95',
    periodSeconds: MINUTE,
    label: 'p95 answer duration',
  };
  return {
    type: 'metric',
    name: alarmName(env, 'answer-duration-p95'),
    kind: 'answer-duration-p95',
    summary: `TICKET: p95 of the whole answer duration above ${p95Seconds}s in ${datapointsToAlarm} of the last ${evaluationMinutes} minutes.`,
    severity: 'ticket',
    queries: [query],
    returnId: query.id,
    comparison: 'GreaterThanThreshold',
    threshold: p95Seconds,
    evaluationPeriods: evaluationMinutes,
    datapointsToAlarm,
    missingData: { treatment: 'notBreaching', reason: 'a minute without answers has no duration, and nothing was slow; no traffic is the no-traffic alarm\'s concern' },
    // A chatbot minute rarely holds the 200 answers a p95 needs to be "statistically significant";
    // ignoring such minutes would leave the alarm blind. N of M minutes absorbs one slow answer.
    lowSampleCountPercentiles: 'evaluate',
  };
}

/**
 * The share of answers from the fallback model as the fallback alarm evaluates it (and the
 * dashboard draws it): one period of the whole evaluation time, the ratio of the sums, robust at
 * low traffic. `returnId` is the ratio (0..1); without answers it has no datapoint.
 */
export function fallbackRatioQueries(env: EnvironmentConfig): { readonly queries: readonly MetricQuery[]; readonly returnId: string } {
  const { evaluationMinutes } = env.slo.fallbackRatio;
  const { queries, totalId } = availabilityQueries(env, evaluationMinutes * MINUTE);
  const fallback = queries.filter(isMetricStatQuery).find((q) => q.dimensions.outcome === 'fallback');
  if (!fallback) throw new Error('simpleAlarmSpecs: the availability SLI has no fallback count');
  return {
    queries: [...queries, { id: 'fallback_ratio', expression: `FILL(${fallback.id}, 0) / ${totalId}`, label: 'share of answers from the fallback model' }],
    returnId: 'fallback_ratio',
  };
}

function fallbackRatio(env: EnvironmentConfig): MetricAlarmSpec {
  const { threshold, evaluationMinutes } = env.slo.fallbackRatio;
  const { queries, returnId } = fallbackRatioQueries(env);
  return {
    type: 'metric',
    name: alarmName(env, 'fallback-ratio'),
    kind: 'fallback-ratio',
    summary: `TICKET: more than ${percent(threshold)} of the answers of the last ${evaluationMinutes} minutes came from the fallback model ${env.bedrock.fallbackModelId}.`,
    severity: 'ticket',
    queries,
    returnId,
    comparison: 'GreaterThanThreshold',
    threshold,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    missingData: { treatment: 'notBreaching', reason: 'without answers there is no fallback share (the ratio is dropped, not 0/0)' },
  };
}

/**
 * Metric math for "inside business hours": DAY() numbers days 1 (Monday) to 7, HOUR() is 0-23 in
 * UTC, both taken from each datapoint's timestamp (the start of its period) and non-sparse.
 */
export function businessHoursExpression(hours: BusinessHours, seriesId: string): string {
  const days = hours.days.map((d) => WEEKDAYS.indexOf(d) + 1).sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  const dayTerms = runs.map(([from, to]) => (from === to ? `DAY(${seriesId}) == ${from}` : `(DAY(${seriesId}) >= ${from} AND DAY(${seriesId}) <= ${to})`));
  const dayCondition = dayTerms.length === 1 && dayTerms[0].startsWith('(') ? dayTerms[0] : `(${dayTerms.join(' OR ')})`;
  return `${dayCondition} AND (HOUR(${seriesId}) >= ${hours.startHourUtc} AND HOUR(${seriesId}) < ${hours.endHourUtc})`;
}

function noTraffic(env: EnvironmentConfig, hours: BusinessHours): MetricAlarmSpec {
  const { queries, totalId } = availabilityQueries(env, NO_TRAFFIC.periodSeconds);
  const anchor = queries.find(isMetricStatQuery)!;
  const minutes = (NO_TRAFFIC.periodSeconds * NO_TRAFFIC.evaluationPeriods) / MINUTE;
  return {
    type: 'metric',
    name: alarmName(env, 'no-traffic'),
    kind: 'no-traffic',
    summary:
      `PAGE: no answer at all for ${minutes} minutes inside business hours ` +
      `(${hours.days.join(',')} ${hours.startHourUtc}:00-${hours.endHourUtc}:00 UTC): users cannot reach the chatbot, or it answers nothing.`,
    severity: 'page',
    queries: [
      ...queries,
      { id: 'in_hours', expression: businessHoursExpression(hours, anchor.id), label: 'inside business hours (1) or not (0)' },
      // Outside business hours the series reads 1 (never breaching); inside, the answer count (an
      // empty count inside hours reads 0: IF gives 0 where its true branch has no datapoint).
      { id: 'answers_in_hours', expression: `IF(in_hours, ${totalId}, 1)`, label: 'answers inside business hours' },
    ],
    returnId: 'answers_in_hours',
    comparison: 'LessThanThreshold',
    threshold: 1,
    evaluationPeriods: NO_TRAFFIC.evaluationPeriods,
    datapointsToAlarm: NO_TRAFFIC.evaluationPeriods,
    missingData: {
      treatment: 'missing',
      reason: 'HOUR()/DAY() make the series non-sparse, so a gap means CloudWatch computed nothing; stay INSUFFICIENT_DATA rather than page at night or hide a gap',
    },
  };
}

function collectorQuery(env: EnvironmentConfig, metric: ContractMetric): MetricStatQuery {
  const exporter = metric.attributeValues.exporter?.[0];
  if (exporter === undefined) throw new Error(`simpleAlarmSpecs: ${metric.cloudWatchName} declares no exporter value`);
  return { id: 'points', namespace: metricNamespace(env.namePrefix, env.name), metric, dimensions: { exporter }, stat: 'Sum', periodSeconds: COLLECTOR.periodSeconds };
}

function exportFailures(env: EnvironmentConfig): MetricAlarmSpec[] {
  const signals = [
    ['metrics', CHATBOT_METRICS.collectorSendFailedMetricPoints, 'metric points'],
    ['traces', CHATBOT_METRICS.collectorSendFailedSpans, 'spans'],
    ['logs', CHATBOT_METRICS.collectorSendFailedLogRecords, 'log records'],
  ] as const;
  return signals.map(([signal, metric, what]) => {
    const query = collectorQuery(env, metric);
    const exporter = query.dimensions.exporter;
    return {
      type: 'metric',
      name: alarmName(env, 'collector-export-failures', signal),
      kind: 'collector-export-failures',
      summary: `TICKET: the OTel collector dropped ${what} its ${exporter} exporter failed to send (after retries) in ${COLLECTOR.failureDatapoints} of the last ${COLLECTOR.evaluationPeriods} 5-minute periods.`,
      severity: 'ticket',
      queries: [query],
      returnId: query.id,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: COLLECTOR.evaluationPeriods,
      datapointsToAlarm: COLLECTOR.failureDatapoints,
      missingData: { treatment: 'notBreaching', reason: 'the failure counter publishes nothing until the first failure: no datapoint means nothing failed' },
    } satisfies MetricAlarmSpec;
  });
}

function heartbeat(env: EnvironmentConfig): MetricAlarmSpec {
  const query = collectorQuery(env, CHATBOT_METRICS.collectorSentMetricPoints);
  const minutes = (COLLECTOR.periodSeconds * COLLECTOR.evaluationPeriods) / MINUTE;
  return {
    type: 'metric',
    name: alarmName(env, 'collector-heartbeat'),
    kind: 'collector-heartbeat',
    summary: `PAGE: the OTel collector published no metric points to CloudWatch for ${minutes} minutes: every SLO alarm is blind until it does.`,
    severity: 'page',
    queries: [query],
    returnId: query.id,
    comparison: 'LessThanThreshold',
    threshold: 1,
    evaluationPeriods: COLLECTOR.evaluationPeriods,
    datapointsToAlarm: COLLECTOR.evaluationPeriods,
    missingData: { treatment: 'breaching', reason: 'each replica publishes its own telemetry every minute, so silence means the collector is down or cannot publish' },
  };
}

/** The simple alarms of the environment (no-traffic only when `slo.noTraffic` is set). */
export function simpleAlarmSpecs(env: EnvironmentConfig): MetricAlarmSpec[] {
  const hours = env.slo.noTraffic;
  return [answerDuration(env), fallbackRatio(env), ...(hours ? [noTraffic(env, hours)] : []), ...exportFailures(env), heartbeat(env)];
}
