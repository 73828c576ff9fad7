import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig, type CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { alarmArn, alarmDescription, runbookPath, type AlarmKind, type AlarmSpec, type CompositeAlarmSpec, type MetricAlarmSpec } from './alarm-spec';
import { AlarmTopics } from './alarm-topics';
import { sloAlarmSpecs } from './slo-alarm-specs';
import { isMetricStatQuery, type MetricQuery, type MetricStatQuery } from './slo-definitions';
import type { AlarmSeverity, EnvironmentConfig } from '../shared/environment-config';
import { environmentResourceName } from '../shared/naming';

export interface SloAlarmsProps {
  readonly environment: EnvironmentConfig;
}

/** One alarm as the dashboard and reports refer to it. */
export interface SloAlarmRef {
  readonly name: string;
  /** Literal ARN (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`), no Terraform reference. */
  readonly arn: string;
  readonly type: AlarmSpec['type'];
  readonly kind: AlarmKind;
  /** Undefined: an input of a composite alarm, which notifies instead. */
  readonly severity?: AlarmSeverity;
  /** docs/runbooks/<kind>.md */
  readonly runbook: string;
}

const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** The metric a query reads, as both alarm forms spell it (no `dimensions` for a metric without any). */
function metricIdentity(query: MetricStatQuery) {
  return {
    namespace: query.namespace,
    metricName: query.metric.cloudWatchName,
    ...(Object.keys(query.dimensions).length > 0 ? { dimensions: { ...query.dimensions } } : {}),
  };
}

function metricQuery(query: MetricQuery, returnId: string): CloudwatchMetricAlarmMetricQuery {
  const returnData = query.id === returnId;
  if (!isMetricStatQuery(query)) return { id: query.id, expression: query.expression, label: query.label, returnData };
  return { id: query.id, label: query.label, returnData, metric: { ...metricIdentity(query), stat: query.stat, period: query.periodSeconds } };
}

/** One metric and nothing else: a plain metric alarm, where percentile options apply. */
function singleMetric(query: MetricStatQuery, spec: MetricAlarmSpec): Partial<CloudwatchMetricAlarmConfig> {
  const basic = BASIC_STATISTICS.includes(query.stat);
  return {
    ...metricIdentity(query),
    period: query.periodSeconds,
    ...(basic ? { statistic: query.stat } : { extendedStatistic: query.stat }),
    ...(!basic && spec.lowSampleCountPercentiles ? { evaluateLowSampleCountPercentiles: spec.lowSampleCountPercentiles } : {}),
  };
}

/**
 * The alarms of the chatbot's operations layer in one environment (./slo-alarm-specs.ts) and the
 * topics they notify (./alarm-topics.ts): metric alarms (window alarms of the burn-rate pairs
 * without actions: their composite notifies), composite alarms, and the simple alarms. Every alarm
 * that notifies sends its ALARM and its OK transition to the topic of its severity, so a pager
 * resolves the incident when the alarm clears.
 */
export class SloAlarms extends Construct {
  readonly topics: AlarmTopics;
  readonly pageTopicArn: string;
  readonly ticketTopicArn: string;
  /** The specs synthesized, with thresholds, queries and missing-data choices. */
  readonly specs: readonly AlarmSpec[];
  /** Every alarm, metric and composite, in spec order. */
  readonly alarms: readonly SloAlarmRef[];
  /** The alarms that notify someone (composites and simple alarms). */
  readonly notifyingAlarms: readonly SloAlarmRef[];
  readonly metricAlarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  readonly compositeAlarms: Readonly<Record<string, CloudwatchCompositeAlarm>>;

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    const env = props.environment;
    this.specs = sloAlarmSpecs(env);
    this.topics = new AlarmTopics(this, 'topics', {
      name: environmentResourceName(env.namePrefix, env.name),
      accountId: env.accountId,
      region: env.region,
      notifications: env.slo.notifications,
    });
    this.pageTopicArn = this.topics.topicArns.page;
    this.ticketTopicArn = this.topics.topicArns.ticket;

    const prefix = `${environmentResourceName(env.namePrefix, env.name)}-`;
    // Construct ids without the environment's prefix (every alarm has it): `alarm-slo-latency-fast-burn-1h`.
    const constructId = (spec: AlarmSpec) => `alarm-${spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name}`;
    const actions = (severity: AlarmSeverity | undefined) =>
      severity === undefined ? {} : { alarmActions: [this.topics.topicArns[severity]], okActions: [this.topics.topicArns[severity]] };
    const common = (spec: AlarmSpec) => ({
      alarmName: spec.name,
      alarmDescription: alarmDescription(env, spec),
      actionsEnabled: true,
      ...actions(spec.severity),
      tags: { AlarmKind: spec.kind, ...(spec.severity ? { Severity: spec.severity } : {}) },
    });

    const metricAlarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const spec of this.specs.filter((s): s is MetricAlarmSpec => s.type === 'metric')) {
      const [only] = spec.queries;
      const plain = spec.queries.length === 1 && isMetricStatQuery(only);
      const source = plain ? singleMetric(only, spec) : { metricQuery: spec.queries.map((q) => metricQuery(q, spec.returnId)) };
      metricAlarms[spec.name] = new CloudwatchMetricAlarm(this, constructId(spec), {
        ...common(spec),
        ...source,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        // Why each alarm treats missing data as it does: spec.missingData.reason, and its runbook.
        treatMissingData: spec.missingData.treatment,
      });
    }

    const compositeAlarms: Record<string, CloudwatchCompositeAlarm> = {};
    for (const spec of this.specs.filter((s): s is CompositeAlarmSpec => s.type === 'composite')) {
      // By reference: Terraform creates the inputs first (a rule naming a missing alarm is refused).
      const rule = spec.allOf.map((name) => `ALARM("${metricAlarms[name].alarmName}")`).join(' AND ');
      compositeAlarms[spec.name] = new CloudwatchCompositeAlarm(this, constructId(spec), { ...common(spec), alarmRule: rule });
    }
    this.metricAlarms = metricAlarms;
    this.compositeAlarms = compositeAlarms;

    this.alarms = this.specs.map((spec) => ({
      name: spec.name,
      arn: alarmArn(env, spec.name),
      type: spec.type,
      kind: spec.kind,
      ...(spec.severity ? { severity: spec.severity } : {}),
      runbook: runbookPath(spec.kind),
    }));
    this.notifyingAlarms = this.alarms.filter((a) => a.severity !== undefined);
  }
}
