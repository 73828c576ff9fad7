/**
 * What an alarm of the chatbot's operations layer is, as plain data: name, what it means, who it
 * notifies, its queries and threshold, and why it treats missing data as it does. The specs are
 * built by ./burn-rate-alarm-specs.ts and ./simple-alarm-specs.ts and synthesized by
 * ./slo-alarms.ts; being data, the dashboard and `slo-report` read the same names and thresholds
 * without building any construct.
 */
import { isMetricStatQuery, type MetricQuery } from './slo-definitions';
import type { AlarmSeverity, EnvironmentConfig } from '../shared/environment-config';
import { environmentResourceName } from '../shared/naming';

/** One runbook per kind: docs/runbooks/<kind>.md. */
export const ALARM_KINDS = [
  'slo-availability-burn',
  'slo-latency-burn',
  'answer-duration-p95',
  'fallback-ratio',
  'no-traffic',
  'collector-export-failures',
  'collector-heartbeat',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** Where the runbooks live in the repository. */
export const RUNBOOK_DIRECTORY = 'docs/runbooks';

/**
 * What CloudWatch does with a period that has no datapoint (`treat_missing_data`). Every alarm
 * states why it chose its treatment; docs/runbooks/<kind>.md repeats it for the on-call.
 */
export interface MissingDataChoice {
  readonly treatment: 'missing' | 'ignore' | 'breaching' | 'notBreaching';
  readonly reason: string;
}

export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';

/** Where a burn-rate alarm sits in the policy table (./burn-rate.ts). */
export interface BurnRatePlacement {
  readonly sli: 'availability' | 'latency';
  /** Policy row name: `fast`, `sustained`, `slow`. */
  readonly row: string;
  readonly objective: number;
  readonly burnRate: number;
  /** The error ratio compared with (burnRate × (1 − objective), at most 1). */
  readonly errorRatio: number;
  readonly capped: boolean;
  /** Window alarms: which of the pair, and its length. Composites: undefined. */
  readonly window?: { readonly role: 'long' | 'short'; readonly minutes: number };
}

interface AlarmSpecBase {
  /** The full CloudWatch alarm name, `<prefix>-<env>-...`. */
  readonly name: string;
  readonly kind: AlarmKind;
  /** One line saying what the alarm means; the description adds the runbook link. */
  readonly summary: string;
  /**
   * Which topic it notifies (alarm and OK actions). Undefined: a window alarm that is only an
   * input of a composite alarm, which notifies instead (so one short spike pages no one).
   */
  readonly severity?: AlarmSeverity;
  readonly burn?: BurnRatePlacement;
}

export interface MetricAlarmSpec extends AlarmSpecBase {
  readonly type: 'metric';
  /**
   * The metric and expression queries (all metrics with the same period). One metric query and
   * nothing else is synthesized as a plain metric alarm (so percentile options apply).
   */
  readonly queries: readonly MetricQuery[];
  /** Id of the query whose value is compared with the threshold. */
  readonly returnId: string;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly missingData: MissingDataChoice;
  /** Percentile alarms only: whether periods with few samples are evaluated. */
  readonly lowSampleCountPercentiles?: 'evaluate' | 'ignore';
}

export interface CompositeAlarmSpec extends AlarmSpecBase {
  readonly type: 'composite';
  readonly severity: AlarmSeverity;
  /** Names of the alarms that must all be in ALARM (`ALARM(a) AND ALARM(b)`). */
  readonly allOf: readonly string[];
}

export type AlarmSpec = MetricAlarmSpec | CompositeAlarmSpec;

/** `<prefix>-<env>-<parts...>`: inside `<prefix>-<env>-*`, the alarms the deploy role may manage. */
export function alarmName(env: Pick<EnvironmentConfig, 'namePrefix' | 'name'>, ...parts: string[]): string {
  return [environmentResourceName(env.namePrefix, env.name), ...parts].join('-');
}

/** The ARN CloudWatch gives an alarm of the environment (literal: usable in dashboards and reports). */
export function alarmArn(env: Pick<EnvironmentConfig, 'region' | 'accountId'>, name: string): string {
  return `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:${name}`;
}

/** Path of a kind's runbook in the repository. */
export function runbookPath(kind: AlarmKind): string {
  return `${RUNBOOK_DIRECTORY}/${kind}.md`;
}

/** A file (`blob`) or folder (`tree`) of the repository on its default branch. */
export function repositoryUrl(env: Pick<EnvironmentConfig, 'github'>, path: string, kind: 'blob' | 'tree' = 'blob'): string {
  const { owner, repo, defaultBranch } = env.github;
  return `https://github.com/${owner}/${repo}/${kind}/${defaultBranch}/${path}`;
}

/** The runbook on the repository's default branch, as the on-call opens it from a notification. */
export function runbookUrl(env: Pick<EnvironmentConfig, 'github'>, kind: AlarmKind): string {
  return repositoryUrl(env, runbookPath(kind));
}

/** The specs that notify someone, pages first, then tickets (window alarms feeding a composite are left out). */
export function notifyingSpecs(specs: readonly AlarmSpec[]): AlarmSpec[] {
  return [...specs.filter((s) => s.severity === 'page'), ...specs.filter((s) => s.severity === 'ticket')];
}

/** CloudWatch's limit on AlarmDescription. */
export const ALARM_DESCRIPTION_MAX_LENGTH = 1024;

/** The alarm description: the one-line summary and the runbook link. */
export function alarmDescription(env: Pick<EnvironmentConfig, 'github'>, spec: Pick<AlarmSpec, 'summary' | 'kind'>): string {
  return `${spec.summary} Runbook: ${runbookUrl(env, spec.kind)}`;
}

/** A fraction as a percentage for descriptions: 0.999 -> `99.9%`, 0.02 -> `2%`. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(3))}%`;
}

/** A threshold for reading, to 3 significant digits: 0.933333333333 -> `0.933` (the alarm keeps the exact value). */
export function approx(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** CloudWatch's limits on one metric alarm's window (PutMetricAlarm: Period, EvaluationPeriods). */
export const ALARM_LIMITS = {
  /** A metric math alarm may query at most 10 metrics. */
  maxMetrics: 10,
  /** Period × EvaluationPeriods, for periods of an hour or more. */
  maxEvaluationSeconds: 7 * 24 * 3600,
  /** Period × EvaluationPeriods, for periods shorter than an hour. */
  maxShortPeriodEvaluationSeconds: 24 * 3600,
} as const;

/** What is wrong with a spec (empty when nothing), each problem naming the alarm. */
export function alarmSpecProblems(env: Pick<EnvironmentConfig, 'github'>, spec: AlarmSpec): string[] {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${spec.name}: ${problem}`);
  if (!/^[\x20-\x7e]{1,255}$/.test(spec.name)) say('an alarm name is 1-255 printable ASCII characters');
  const description = alarmDescription(env, spec);
  if (!/^[\x20-\x7e]+$/.test(description)) say('the description must be one line of printable ASCII (it becomes e-mail subjects and chat messages)');
  if (description.length > ALARM_DESCRIPTION_MAX_LENGTH) say(`the description is ${description.length} characters; CloudWatch takes at most ${ALARM_DESCRIPTION_MAX_LENGTH}`);
  if (spec.type === 'composite') {
    if (spec.allOf.length < 2) say('a composite alarm combines at least two alarms');
    return problems;
  }
  const metrics = spec.queries.filter(isMetricStatQuery);
  const periods = new Set(metrics.map((q) => q.periodSeconds));
  if (metrics.length === 0) say('queries no metric');
  if (metrics.length > ALARM_LIMITS.maxMetrics) say(`queries ${metrics.length} metrics; a metric math alarm takes at most ${ALARM_LIMITS.maxMetrics}`);
  if (periods.size > 1) say(`its metrics have different periods (${[...periods].join(', ')}); an alarm's metrics must share one`);
  const ids = spec.queries.map((q) => q.id);
  if (new Set(ids).size !== ids.length) say(`query ids repeat (${ids.join(', ')})`);
  if (ids.some((id) => !/^[a-z][a-zA-Z0-9_]*$/.test(id))) say(`query ids must start with a lowercase letter and hold only letters, digits and _ (${ids.join(', ')})`);
  if (!ids.includes(spec.returnId)) say(`returnId ${spec.returnId} is not one of its queries`);
  const period = metrics[0]?.periodSeconds ?? 0;
  if (!(period >= 60 && period % 60 === 0)) say(`the period ${period} s is not a whole number of minutes`);
  const range = period * spec.evaluationPeriods;
  const maxRange = period < 3600 ? ALARM_LIMITS.maxShortPeriodEvaluationSeconds : ALARM_LIMITS.maxEvaluationSeconds;
  if (range > maxRange) say(`evaluates ${range} s; CloudWatch evaluates at most ${maxRange} s for a ${period} s period`);
  if (!(Number.isInteger(spec.evaluationPeriods) && spec.evaluationPeriods >= 1)) say('evaluationPeriods must be a whole number >= 1');
  if (!(spec.datapointsToAlarm >= 1 && spec.datapointsToAlarm <= spec.evaluationPeriods)) say('datapointsToAlarm must be between 1 and evaluationPeriods');
  if (spec.missingData.reason.trim().length === 0) say('say why missing data is treated as it is');
  return problems;
}
