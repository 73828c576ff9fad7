/**
 * The multi-window, multi-burn-rate alarms of each SLI (Google SRE workbook, "Alerting on SLOs",
 * approach 6): per SLI and policy row (./burn-rate.ts) a metric math alarm on the long window, one
 * on the short window, and a composite alarm `ALARM(long) AND ALARM(short)` that notifies.
 *
 * How a window becomes one CloudWatch datapoint: the alarm's period IS the window, evaluated once
 * (EvaluationPeriods 1). Metric alarms use a sliding evaluation window by default (the window
 * advances with each evaluation, CloudWatch "Alarm evaluation window"), so each evaluation sums the
 * counts of the last `window`: a rolling ratio, as the workbook's `rate(...[1h])` is. The SLI's counts are summed over the period and the ratio taken
 * once, so the ratio is of the sums (not an average of per-minute ratios, which would let a quiet
 * minute with one failure weigh as much as a busy one).
 * - Windows shorter than an hour (5 and 30 minutes): PutMetricAlarm allows Period × Evaluation-
 *   Periods up to one day for such periods; one period is well inside.
 * - 1 h, 6 h and 3 d: periods of an hour or more may span up to 7 days (604,800 s) in total, so a
 *   single 259,200 s period covers the 3-day window. The alternative, three 1-day periods with
 *   "3 of 3" datapoints, would test each day against the threshold rather than the 3-day ratio
 *   (one bad day and two good ones can spend 10 % of the budget and never alarm), and metric math
 *   cannot sum across an alarm's datapoints: SUM/AVG of one series return a scalar over whatever
 *   range the alarm retrieves, which CloudWatch documents as unreliable in alarms.
 * Data stays at 1-minute resolution for 15 days, longer than any window here.
 */
import { alarmName, approx, percent, type AlarmSpec, type BurnRatePlacement, type CompositeAlarmSpec, type MetricAlarmSpec, type MissingDataChoice } from './alarm-spec';
import { policyThresholds, windowLabel, type BurnRatePolicyRow, type BurnRateThreshold } from './burn-rate';
import { serviceLevelIndicators, type ServiceLevelIndicator } from './slo-definitions';
import type { EnvironmentConfig } from '../shared/environment-config';

/** Id of the error ratio expression each window alarm compares. */
export const ERROR_RATIO_ID = 'error_ratio';

/**
 * A window without answers has no error ratio: its total is 0 and metric math drops a datapoint
 * divided by zero. No answers spend no budget, so the window alarm is OK, not INSUFFICIENT_DATA
 * (the composite needs both windows in ALARM anyway). A dead telemetry pipeline also looks like
 * this; the collector heartbeat alarm catches that case.
 */
const NO_ANSWERS_SPEND_NO_BUDGET: MissingDataChoice = {
  treatment: 'notBreaching',
  reason: 'no answers in the window spend no error budget; a silent telemetry pipeline is caught by the collector heartbeat alarm',
};

const KIND = { availability: 'slo-availability-burn', latency: 'slo-latency-burn' } as const;

/** The composite alarm of one SLI and policy row, e.g. `qa-dev-slo-availability-fast-burn`. */
export function burnRateAlarmName(env: Pick<EnvironmentConfig, 'namePrefix' | 'name'>, sli: ServiceLevelIndicator['name'], row: BurnRatePolicyRow): string {
  return alarmName(env, 'slo', sli, row.name, 'burn');
}

function placement(sli: ServiceLevelIndicator, row: BurnRatePolicyRow, threshold: BurnRateThreshold): BurnRatePlacement {
  const { burnRate, errorRatio, capped } = threshold;
  return { sli: sli.name, row: row.name, objective: sli.objective, burnRate, errorRatio, capped };
}

function windowAlarm(sli: ServiceLevelIndicator, row: BurnRatePolicyRow, threshold: BurnRateThreshold, composite: string, role: 'long' | 'short'): MetricAlarmSpec {
  const minutes = role === 'long' ? row.longWindowMinutes : row.shortWindowMinutes;
  const label = windowLabel(minutes);
  const { queries, goodId, totalId } = sli.queries(minutes * 60, 'w');
  // Bad over total, divided last: a window with no events drops out instead of reading as 100 % bad.
  const ratio = { id: ERROR_RATIO_ID, expression: `(${totalId} - ${goodId}) / ${totalId}`, label: `${sli.name} error ratio over ${label}` };
  return {
    type: 'metric',
    name: `${composite}-${label}`,
    kind: KIND[sli.name],
    summary:
      `${sli.name} SLO ${percent(sli.objective)} over ${sli.windowDays}d: error ratio over the last ${label} at or above ${approx(threshold.errorRatio)} ` +
      `(${approx(threshold.burnRate)}x the budget rate${threshold.capped ? ', capped at 100% errors' : ''}); ${role} window of ${composite}, which notifies.`,
    queries: [...queries, ratio],
    returnId: ERROR_RATIO_ID,
    // >= rather than the workbook's >: a capped threshold is 1, which only >= can reach.
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: threshold.errorRatio,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    missingData: NO_ANSWERS_SPEND_NO_BUDGET,
    burn: { ...placement(sli, row, threshold), window: { role, minutes } },
  };
}

function compositeSummary(sli: ServiceLevelIndicator, row: BurnRatePolicyRow, threshold: BurnRateThreshold): string {
  const [long, short] = [windowLabel(row.longWindowMinutes), windowLabel(row.shortWindowMinutes)];
  const slo = `${sli.name} SLO (${percent(sli.objective)} over ${sli.windowDays}d)`;
  if (threshold.capped) {
    return (
      `${row.severity.toUpperCase()}: ${slo}: every answer was bad over the last ${long} and ${short}, a total outage spending ${percent(threshold.budgetFractionAtCap)} ` +
      `of the error budget per ${long} (${approx(threshold.burnRate)}x, the ${percent(row.budgetFraction)}-in-${long} rate, is out of reach at this objective).`
    );
  }
  return (
    `${row.severity.toUpperCase()}: ${slo} is burning its error budget ${approx(threshold.burnRate)}x too fast over both the last ${long} and ${short} ` +
    `(error ratio >= ${approx(threshold.errorRatio)}): at this rate ${percent(row.budgetFraction)} of the budget goes every ${long}.`
  );
}

/** The window alarms and composite alarms of every SLI of the environment. */
export function burnRateAlarmSpecs(env: EnvironmentConfig): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  for (const sli of serviceLevelIndicators(env)) {
    for (const threshold of policyThresholds(sli.objective, sli.windowDays)) {
      const { row } = threshold;
      const name = burnRateAlarmName(env, sli.name, row);
      const long = windowAlarm(sli, row, threshold, name, 'long');
      const short = windowAlarm(sli, row, threshold, name, 'short');
      const composite: CompositeAlarmSpec = {
        type: 'composite',
        name,
        kind: KIND[sli.name],
        summary: compositeSummary(sli, row, threshold),
        severity: row.severity,
        allOf: [long.name, short.name],
        burn: placement(sli, row, threshold),
      };
      specs.push(long, short, composite);
    }
  }
  return specs;
}
