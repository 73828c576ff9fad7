/**
 * Builds the hand-over report of one environment: per SLI the window's counts, SLI achieved and
 * error budget, the burn rates of the alert policy's windows, and the environment's alarms by
 * state. Two GetMetricData reads (the SLO window in hourly sums, the longest alert window in
 * 1-minute sums), each with every page, and DescribeAlarms, every page. Queries come from
 * modules/observability/slo-definitions.ts, so the report counts exactly what the alarms and the
 * dashboard count.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { listAlarms, type AlarmStatus } from './alarm-states';
import { describeCloudWatchError, type CloudWatchOperation } from './cloudwatch-errors';
import { readMetricData, toMetricDataQuery, type MetricDataAnswer } from './metric-data';
import { recentRange, sloWindowRange, type MetricTimeRange } from './metric-periods';
import { SloReportError } from './report-errors';
import { budgetStatus, burnAlerts, countEvents, longestAlertWindowMinutes, type BudgetStatus, type BurnAlertStatus } from './slo-status';
import { alarmName } from '../../../modules/observability/alarm-spec';
import { BURN_RATE_POLICY } from '../../../modules/observability/burn-rate';
import { burnRateAlarmName } from '../../../modules/observability/burn-rate-alarm-specs';
import { serviceLevelIndicators, type ServiceLevelIndicator, type SliName } from '../../../modules/observability/slo-definitions';
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import { metricNamespace } from '../../../modules/shared/naming';

export interface SliReport {
  readonly name: SliName;
  readonly description: string;
  readonly objective: number;
  readonly budget: BudgetStatus;
  readonly burnAlerts: readonly (BurnAlertStatus & { readonly alarm: string })[];
}

export interface SloReport {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly namespace: string;
  readonly generatedAt: Date;
  /** The SLO window read (hourly sums); `days` may differ from the configured one (--window-days). */
  readonly window: { readonly days: number; readonly configuredDays: number; readonly start: Date; readonly end: Date };
  /** The 1-minute range the burn rates are computed from. */
  readonly recent: { readonly start: Date; readonly end: Date };
  readonly slis: readonly SliReport[];
  readonly alarms: { readonly namePrefix: string; readonly all: readonly AlarmStatus[] };
  /** CloudWatch's notes on incomplete data. */
  readonly warnings: readonly string[];
}

export interface SloReportOptions {
  readonly client: CloudWatchClient;
  readonly environment: EnvironmentConfig;
  readonly now: Date;
  /** Overrides the configured SLO window (days). */
  readonly windowDays?: number;
  /** Attempts per call the client was built with (for the throttling message). */
  readonly maxAttempts: number;
  /** GetMetricData page size (tests use small pages). */
  readonly maxDatapoints?: number;
}

/** The alarms of an environment share this name prefix (`<prefix>-<env>-`, modules/observability/alarm-spec.ts). */
export function environmentAlarmPrefix(env: Pick<EnvironmentConfig, 'namePrefix' | 'name'>): string {
  return `${alarmName(env)}-`;
}

/** Query ids of one SLI in one read: `<sli>_...` (metric math ids start with a lowercase letter). */
function sliQueries(slis: readonly ServiceLevelIndicator[], periodSeconds: number) {
  return slis.map((sli) => sli.queries(periodSeconds, sli.name));
}

export async function buildSloReport(options: SloReportOptions): Promise<SloReport> {
  const { client, environment: env, now } = options;
  const configuredDays = env.slo.windowDays;
  const days = options.windowDays ?? configuredDays;
  const slis = serviceLevelIndicators(env);
  const windowRange = sloWindowRange(now, days);
  const recent = recentRange(now, longestAlertWindowMinutes() * 60);
  const call = async <T>(operation: CloudWatchOperation, purpose: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SloReportError) throw error;
      throw describeCloudWatchError(error, { operation, purpose, accountId: env.accountId, region: env.region, maxAttempts: options.maxAttempts });
    }
  };
  const read = (range: MetricTimeRange, what: string) => {
    const perSli = sliQueries(slis, range.periodSeconds);
    const returned = new Set(perSli.flatMap((s) => [s.goodId, s.totalId]));
    const queries = perSli.flatMap((s) => s.queries.map((q) => toMetricDataQuery(q, returned)));
    return call('GetMetricData', `read ${what} of ${env.name}`, () => readMetricData(client, range, queries, { maxDatapoints: options.maxDatapoints }))
      .then((answer) => ({ answer, perSli }));
  };
  const prefix = environmentAlarmPrefix(env);
  // All three at once; each is waited for, so no request is still running after a failure.
  const windowRead = read(windowRange, `the ${days}-day SLO window`);
  const recentRead = read(recent, 'the burn-rate windows');
  const alarmsRead = call('DescribeAlarms', `list the alarms of ${env.name}`, () => listAlarms(client, prefix));
  const failed = (await Promise.allSettled([windowRead, recentRead, alarmsRead])).find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [windowData, latest, alarms] = [await windowRead, await recentRead, await alarmsRead];
  const seriesOf = (answer: MetricDataAnswer, id: string) => {
    const series = answer.series.get(id);
    if (!series) throw new SloReportError(`GetMetricData returned no series "${id}"`);
    return series;
  };
  const reports = slis.map((sli, i): SliReport => {
    const w = windowData.perSli[i];
    const r = latest.perSli[i];
    const budget = budgetStatus(countEvents(seriesOf(windowData.answer, w.goodId), seriesOf(windowData.answer, w.totalId)), sli.objective);
    const alerts = burnAlerts(seriesOf(latest.answer, r.goodId), seriesOf(latest.answer, r.totalId), recent.end, sli.objective, configuredDays);
    return {
      name: sli.name,
      description: sli.description,
      objective: sli.objective,
      budget,
      burnAlerts: alerts.map((alert, j) => ({ ...alert, alarm: burnRateAlarmName(env, sli.name, BURN_RATE_POLICY[j]) })),
    };
  });
  return {
    environment: env.name,
    accountId: env.accountId,
    region: env.region,
    namespace: metricNamespace(env.namePrefix, env.name),
    generatedAt: now,
    window: { days, configuredDays, start: windowRange.start, end: windowRange.end },
    recent: { start: recent.start, end: recent.end },
    slis: reports,
    alarms: { namePrefix: prefix, all: alarms },
    warnings: [...windowData.answer.warnings, ...latest.answer.warnings],
  };
}
