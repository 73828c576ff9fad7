/**
 * The chatbot's service level indicators as CloudWatch metric queries, built from the metric
 * contract (./chatbot-metric-contract.ts) and an environment's `slo:` config. The SLO alarms, the
 * dashboard and `slo-report` all take their queries from here, so the three count good and total
 * events the same way.
 *
 * Each SLI is a pair of counts per period: good events and all events. A period with no traffic
 * has no datapoint at all (the chatbot exports nothing for it), so every count is wrapped in
 * `FILL(…, 0)`: no traffic spends no budget.
 */
import { CHAT_OUTCOMES, CHATBOT_METRICS, GOOD_OUTCOMES, isValidStatistic, type ContractMetric } from './chatbot-metric-contract';
import type { EnvironmentConfig } from '../shared/environment-config';
import { metricNamespace } from '../shared/naming';

/** One metric of the contract with one of its declared dimension sets, and a statistic. */
export interface MetricStatQuery {
  readonly id: string;
  readonly namespace: string;
  readonly metric: ContractMetric;
  /** Exactly one of the metric's `dimensionSets`, with values. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: string;
  readonly periodSeconds: number;
  readonly label?: string;
}

/** Metric math over other queries' ids. */
export interface ExpressionQuery {
  readonly id: string;
  readonly expression: string;
  readonly label?: string;
}

export type MetricQuery = MetricStatQuery | ExpressionQuery;

export function isMetricStatQuery(query: MetricQuery): query is MetricStatQuery {
  return 'metric' in query;
}

/**
 * Why `dimensions` / `stat` are not a valid query of `metric`, or undefined: one of its declared
 * dimension sets, closed attribute values only, a statistic that means something for it. The
 * dashboard, and the policy rule over synthesized alarms, check every query with it.
 */
export function contractProblem(metric: ContractMetric, dimensions: Readonly<Record<string, string>>, stat: string): string | undefined {
  const names = Object.keys(dimensions).sort();
  const declared = metric.dimensionSets.some((set) => set.length === names.length && [...set].sort().every((name, i) => name === names[i]));
  if (!declared) {
    const sets = metric.dimensionSets.map((set) => `[${set.join(', ')}]`).join(' or ');
    return `${metric.cloudWatchName} is published with dimensions ${sets}, not [${names.join(', ')}]`;
  }
  for (const [name, value] of Object.entries(dimensions)) {
    const allowed = metric.attributeValues[name];
    if (allowed !== undefined && !allowed.includes(value)) return `${metric.cloudWatchName} ${name} is one of ${allowed.join(', ')}, never ${value}`;
  }
  if (!isValidStatistic(metric, stat)) return `${stat} is no meaningful statistic of ${metric.cloudWatchName} (${metric.cloudWatchStatistics.join(', ')})`;
  return undefined;
}

/** The queries of one SLI for one period: `goodId` and `totalId` name the two counts among them. */
export interface SliQueries {
  readonly queries: readonly MetricQuery[];
  readonly goodId: string;
  readonly totalId: string;
}

export type SliName = 'availability' | 'latency';

export interface ServiceLevelIndicator {
  readonly name: SliName;
  /** Fraction of good events the SLO promises over `windowDays`, e.g. 0.99. */
  readonly objective: number;
  readonly windowDays: number;
  /** One line for alarm descriptions, the dashboard and reports. */
  readonly description: string;
  /**
   * The good and total counts per `periodSeconds`. Query ids start with `idPrefix` (metric math
   * ids must start with a lowercase letter and be unique within one alarm or request).
   */
  queries(periodSeconds: number, idPrefix: string): SliQueries;
}

/** The environment's SLIs: availability and time-to-first-token latency. */
export function serviceLevelIndicators(env: EnvironmentConfig): readonly ServiceLevelIndicator[] {
  const namespace = metricNamespace(env.namePrefix, env.name);
  const { availability, latency, windowDays } = env.slo;
  const threshold = latency.firstTokenSeconds;
  return [
    {
      name: 'availability',
      objective: availability.objective,
      windowDays,
      description: `answers that succeed (${GOOD_OUTCOMES.join(' or ')}) among all answers; answers the user stopped are not counted`,
      queries(periodSeconds, idPrefix) {
        const perOutcome = CHAT_OUTCOMES.map(
          (outcome): MetricStatQuery => ({
            id: `${idPrefix}_${outcome}`,
            namespace,
            metric: CHATBOT_METRICS.requests,
            dimensions: { outcome },
            stat: 'Sum',
            periodSeconds,
            label: `answers (${outcome})`,
          }),
        );
        const sum = (outcomes: readonly string[]) => outcomes.map((o) => `FILL(${idPrefix}_${o}, 0)`).join(' + ');
        return {
          queries: [
            ...perOutcome,
            { id: `${idPrefix}_good`, expression: sum(GOOD_OUTCOMES), label: 'good answers' },
            { id: `${idPrefix}_total`, expression: sum(CHAT_OUTCOMES), label: 'all answers' },
          ],
          goodId: `${idPrefix}_good`,
          totalId: `${idPrefix}_total`,
        };
      },
    },
    {
      name: 'latency',
      objective: latency.objective,
      windowDays,
      description: `answers whose first token arrives within ${threshold} s`,
      queries(periodSeconds, idPrefix) {
        const metric = CHATBOT_METRICS.timeToFirstToken;
        return {
          queries: [
            { id: `${idPrefix}_fast`, namespace, metric, dimensions: {}, stat: `TC(:${threshold})`, periodSeconds, label: `first token within ${threshold} s` },
            { id: `${idPrefix}_all`, namespace, metric, dimensions: {}, stat: 'SampleCount', periodSeconds, label: 'answers with a first token' },
            { id: `${idPrefix}_good`, expression: `FILL(${idPrefix}_fast, 0)`, label: 'fast answers' },
            { id: `${idPrefix}_total`, expression: `FILL(${idPrefix}_all, 0)`, label: 'answers with a first token' },
          ],
          goodId: `${idPrefix}_good`,
          totalId: `${idPrefix}_total`,
        };
      },
    },
  ];
}
