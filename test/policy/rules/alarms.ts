/**
 * Alarms that can reach someone, and only about metrics something emits: the alarm topics are
 * encrypted with a key CloudWatch may use, every alarm leads to an action, and every metric an
 * alarm watches is in the chatbot's metric contract as the collector publishes it.
 */
import { contractMetricByCloudWatchName } from '../../../modules/observability/chatbot-metric-contract';
import { contractProblem } from '../../../modules/observability/slo-definitions';
import { globMatches } from '../glob';
import { actionsOf, isAllow, principalsOf, policyDocuments } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { blocks, referencedIds, resources, strings, type ResourceEntry } from '../terraform-json';

const ALARM_TYPES = ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'] as const;
const ACTION_ATTRIBUTES = ['alarm_actions', 'ok_actions', 'insufficient_data_actions'] as const;

function alarmsOf(stack: StackUnderTest): ResourceEntry[] {
  return ALARM_TYPES.flatMap((type) => resources(stack.json, type));
}

/** Whether a key policy lets CloudWatch generate data keys and decrypt with the key (what publishing to an encrypted topic needs). */
function cloudWatchMayUse(key: ResourceEntry, stack: StackUnderTest): boolean {
  const doc = policyDocuments(stack.json).find((d) => d.address === key.address && d.attribute === 'policy');
  const statements = (doc?.statements ?? []).filter((st) => isAllow(st) && principalsOf(st, 'Service').includes('cloudwatch.amazonaws.com'));
  const allowed = (action: string) => statements.some((st) => actionsOf(st).some((a) => globMatches(a, action, true)));
  return allowed('kms:GenerateDataKey') && allowed('kms:Decrypt');
}

export const alarmTopicEncrypted: PolicyRule = {
  id: 'alarm-topic-encrypted',
  description:
    'Every SNS topic is encrypted with a customer managed key of the stack (kms_master_key_id references an aws_kms_key); a topic alarms notify has a key CloudWatch may use, and alarms notify no topic outside the stack',
  check: (stack) => {
    const found: Violation[] = [];
    const alarms = alarmsOf(stack);
    const actionValues = alarms.flatMap((a) => ACTION_ATTRIBUTES.flatMap((attr) => strings(a.attrs[attr]).map((value) => ({ alarm: a, value }))));
    for (const topic of resources(stack.json, 'aws_sns_topic')) {
      const keyIds = [...referencedIds(topic.attrs.kms_master_key_id, 'aws_kms_key')];
      if (keyIds.length === 0) {
        const key = topic.attrs.kms_master_key_id;
        found.push(violation(alarmTopicEncrypted.id, topic.address, key === undefined ? 'is not encrypted; set kms_master_key_id to a customer managed key' : `kms_master_key_id ${JSON.stringify(key)} is not a customer managed key of this stack (alias/aws/sns cannot be granted to CloudWatch)`));
        continue;
      }
      const notified = actionValues.some(({ value }) => referencedIds(value, 'aws_sns_topic').has(topic.logicalId));
      const key = resources(stack.json, 'aws_kms_key').find((k) => keyIds.includes(k.logicalId));
      if (notified && key && !cloudWatchMayUse(key, stack)) {
        found.push(violation(alarmTopicEncrypted.id, topic.address, `is notified by alarms, but the policy of ${key.address} does not let cloudwatch.amazonaws.com use the key (kms:GenerateDataKey*, kms:Decrypt): CloudWatch would drop every notification`));
      }
    }
    for (const { alarm, value } of actionValues) {
      if (value.includes('${')) continue;
      if (/^arn:aws[\w-]*:sns:/.test(value)) found.push(violation(alarmTopicEncrypted.id, alarm.address, `notifies ${value}, a topic outside this stack whose encryption cannot be checked; notify the environment's alarm topics`));
    }
    return found;
  },
};

/** An argument of ALARM(...), OK(...) or INSUFFICIENT_DATA(...) in a composite alarm rule. */
function ruleReferences(rule: unknown): string[] {
  if (typeof rule !== 'string') return [];
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*("?)([^")]+?)\1\s*\)/g)].map((m) => m[2].trim());
}

/** Whether a rule reference names `alarm`: by reference (`${type.id.attr}`), by name, or by ARN. */
function refersToAlarm(reference: string, alarm: ResourceEntry): boolean {
  if (referencedIds(reference, alarm.type).has(alarm.logicalId)) return true;
  const name = alarm.attrs.alarm_name;
  if (typeof name !== 'string' || name.includes('${')) return false;
  return reference === name || reference.endsWith(`:alarm:${name}`);
}

function notifies(alarm: ResourceEntry): boolean {
  return alarm.attrs.actions_enabled !== false && alarm.attrs.actions_enabled !== 'false' && strings(alarm.attrs.alarm_actions).length > 0;
}

export const alarmHasAction: PolicyRule = {
  id: 'alarm-has-action',
  description:
    'Every alarm notifies (alarm_actions set, actions enabled), except a metric alarm that is an input of a composite alarm that leads to one that notifies (the window alarms of a burn-rate pair)',
  check: (stack) => {
    const alarms = alarmsOf(stack);
    const composites = resources(stack.json, 'aws_cloudwatch_composite_alarm');
    // Alarms that lead to a notification: those that notify, and inputs of composites that lead to one.
    const leads = new Set(alarms.filter(notifies).map((a) => a.address));
    for (let grew = true; grew; ) {
      grew = false;
      for (const composite of composites.filter((c) => leads.has(c.address))) {
        for (const input of alarms.filter((a) => !leads.has(a.address))) {
          if (ruleReferences(composite.attrs.alarm_rule).some((r) => refersToAlarm(r, input))) {
            leads.add(input.address);
            grew = true;
          }
        }
      }
    }
    return alarms
      .filter((a) => !leads.has(a.address))
      .map((a) => {
        const why = strings(a.attrs.alarm_actions).length > 0 ? 'its actions are disabled' : 'it has no alarm_actions';
        const input = a.type === 'aws_cloudwatch_metric_alarm' ? ', and no composite alarm that leads to a notification takes it as an input' : '';
        return violation(alarmHasAction.id, a.address, `notifies no one: ${why}${input}`);
      });
  },
};

/** One metric an alarm watches, wherever it is written. */
interface WatchedMetric {
  readonly where: string;
  readonly namespace: unknown;
  readonly metricName: unknown;
  readonly dimensions: Record<string, unknown>;
  readonly statistic: unknown;
}

function watchedMetrics(alarm: ResourceEntry): WatchedMetric[] {
  const found: WatchedMetric[] = [];
  const { attrs } = alarm;
  if (attrs.metric_name !== undefined) {
    found.push({ where: 'metric_name', namespace: attrs.namespace, metricName: attrs.metric_name, dimensions: attrs.dimensions ?? {}, statistic: attrs.statistic ?? attrs.extended_statistic });
  }
  for (const query of blocks(attrs.metric_query)) {
    for (const metric of blocks(query.metric)) {
      found.push({ where: `metric_query ${query.id}`, namespace: metric.namespace, metricName: metric.metric_name, dimensions: metric.dimensions ?? {}, statistic: metric.stat });
    }
  }
  return found;
}

/** The environment a stack serves, from its name (`platform-dev` -> `dev`). */
function environmentOf(stack: StackUnderTest): string | undefined {
  return /^[a-z]+-(.+)$/.exec(stack.name)?.[1];
}

/** What is wrong with one watched metric, or undefined. Metrics in `AWS/` namespaces are emitted by AWS services. */
function metricProblem(metric: WatchedMetric, environment: string | undefined): string | undefined {
  const { namespace, metricName, dimensions, statistic } = metric;
  if (typeof namespace === 'string' && namespace.startsWith('AWS/')) return undefined;
  if (typeof metricName !== 'string') return 'names no metric';
  const contract = contractMetricByCloudWatchName(metricName);
  if (!contract) return `watches ${metricName}, which no metric of the contract (modules/observability/chatbot-metric-contract.ts) publishes`;
  const expected = new RegExp(`^[a-z0-9-]+/${environment ?? '[a-z0-9-]+'}/chatbot$`);
  if (typeof namespace !== 'string' || !expected.test(namespace)) return `watches ${metricName} in namespace ${JSON.stringify(namespace)}, not this environment's <prefix>/${environment ?? '<env>'}/chatbot`;
  if (typeof statistic !== 'string') return `reads ${metricName} with no statistic`;
  // The check the dashboard applies to its queries: a declared dimension set, closed values, a meaningful statistic.
  return contractProblem(contract, Object.fromEntries(Object.entries(dimensions).map(([key, value]) => [key, String(value)])), statistic);
}

export const alarmMetricsEmitted: PolicyRule = {
  id: 'alarm-metric-emitted',
  description:
    "Every metric an alarm watches (metric_name or metric_query) is in the metric contract, in the environment's namespace, with one of its declared dimension sets and values and a statistic valid for it (AWS/ namespaces excepted: AWS emits those)",
  check: (stack) =>
    resources(stack.json, 'aws_cloudwatch_metric_alarm').flatMap((alarm) =>
      watchedMetrics(alarm).flatMap((metric) => {
        const problem = metricProblem(metric, environmentOf(stack));
        return problem === undefined ? [] : [violation(alarmMetricsEmitted.id, alarm.address, `${metric.where}: ${problem}`)];
      }),
    ),
};

export const ALARM_RULES: readonly PolicyRule[] = [alarmTopicEncrypted, alarmHasAction, alarmMetricsEmitted];
