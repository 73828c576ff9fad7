/** Violating and compliant snippets of the alarm rules (topic encryption, actions, watched metrics). */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import { alarmHasAction, alarmMetricsEmitted, alarmTopicEncrypted } from '../rules/alarms';

const KEY_REF = '${aws_kms_key.alarms_key_1.arn}';
const TOPIC_REF = '${aws_sns_topic.alarms_topic_page_2.arn}';

const CLOUDWATCH_MAY_USE = {
  Sid: 'CloudWatchAlarmsPublish',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: '*',
  Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
};
const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:Describe*', 'kms:PutKeyPolicy'], Resource: '*' };
const key = (...statements: Array<Record<string, unknown>>) =>
  resource('aws_kms_key', 'alarms_key_1', { enable_key_rotation: true, ...(statements.length > 0 ? { policy: policy(...statements) } : {}) });
const topic = (attrs: Record<string, unknown> = { kms_master_key_id: KEY_REF }) => resource('aws_sns_topic', 'alarms_topic_page_2', { name: 'qa-dev-alarms-page', ...attrs });

/** A metric alarm on chat.requests (outcome=error), as the collector publishes it. */
const ERRORS = { namespace: 'qa/dev/chatbot', metric_name: 'chat.requests', dimensions: { outcome: 'error' }, statistic: 'Sum' };
const metricAlarm = (id: string, attrs: Record<string, unknown>) =>
  resource('aws_cloudwatch_metric_alarm', id, { alarm_name: `qa-dev-${id}`, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 1, period: 300, threshold: 0, ...ERRORS, ...attrs });
const composite = (attrs: Record<string, unknown>) => resource('aws_cloudwatch_composite_alarm', 'burn_3', { alarm_name: 'qa-dev-burn', ...attrs });

/** The window alarms of a burn-rate pair: no actions of their own. */
const windows = merge(metricAlarm('window_1h', {}), metricAlarm('window_5m', {}));
const RULE = 'ALARM("${aws_cloudwatch_metric_alarm.window_1h.alarm_name}") AND ALARM("${aws_cloudwatch_metric_alarm.window_5m.alarm_name}")';

/** A metric_query alarm over the time-to-first-token histogram (the latency SLI). */
const latencyAlarm = (fast: Record<string, unknown>) =>
  resource('aws_cloudwatch_metric_alarm', 'latency_4', {
    alarm_name: 'qa-dev-slo-latency-fast-burn-1h',
    alarm_actions: [TOPIC_REF],
    comparison_operator: 'GreaterThanOrEqualToThreshold',
    evaluation_periods: 1,
    threshold: 0.1344,
    metric_query: [
      { id: 'fast', metric: { namespace: 'qa/dev/chatbot', metric_name: 'gen_ai.server.time_to_first_token', period: 3600, stat: 'TC(:2)', ...fast }, return_data: false },
      { id: 'all', metric: { namespace: 'qa/dev/chatbot', metric_name: 'gen_ai.server.time_to_first_token', period: 3600, stat: 'SampleCount' }, return_data: false },
      { id: 'ratio', expression: '(FILL(all, 0) - FILL(fast, 0)) / FILL(all, 0)', return_data: true },
    ],
  });

export const ALARM_CASES: readonly RuleCase[] = [
  {
    rule: alarmTopicEncrypted,
    violates: 'an SNS topic without encryption',
    violating: stackOf(topic({})),
    address: 'aws_sns_topic.alarms_topic_page_2',
    complies: 'a topic encrypted with a key of the stack CloudWatch may use',
    compliant: stackOf(merge(key(ADMIN, CLOUDWATCH_MAY_USE), topic(), metricAlarm('errors_5', { alarm_actions: [TOPIC_REF] }))),
  },
  {
    rule: alarmTopicEncrypted,
    violates: 'a topic encrypted with the AWS managed key alias/aws/sns',
    violating: stackOf(topic({ kms_master_key_id: 'alias/aws/sns' })),
    address: 'aws_sns_topic.alarms_topic_page_2',
    complies: 'a topic nothing notifies, encrypted with a key of the stack',
    compliant: stackOf(merge(key(), topic())),
  },
  {
    rule: alarmTopicEncrypted,
    violates: 'an alarm topic whose key keeps the default policy (CloudWatch cannot use it)',
    violating: stackOf(merge(key(), topic(), metricAlarm('errors_5', { alarm_actions: [TOPIC_REF] }))),
    address: 'aws_sns_topic.alarms_topic_page_2',
    complies: 'the same topic with a key policy granting CloudWatch GenerateDataKey* and Decrypt',
    compliant: stackOf(merge(key(ADMIN, CLOUDWATCH_MAY_USE), topic(), metricAlarm('errors_5', { alarm_actions: [TOPIC_REF] }))),
  },
  {
    rule: alarmTopicEncrypted,
    violates: 'an alarm notifying a topic outside the stack',
    violating: stackOf(metricAlarm('errors_5', { alarm_actions: ['arn:aws:sns:eu-west-1:111122223333:somewhere-else'] })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: 'an alarm notifying the stack\'s encrypted topic',
    compliant: stackOf(merge(key(ADMIN, CLOUDWATCH_MAY_USE), topic(), metricAlarm('errors_5', { ok_actions: [TOPIC_REF], alarm_actions: [TOPIC_REF] }))),
  },
  {
    rule: alarmHasAction,
    violates: 'a composite alarm without alarm_actions',
    violating: stackOf(merge(windows, composite({ alarm_rule: RULE }))),
    address: 'aws_cloudwatch_composite_alarm.burn_3',
    complies: 'a composite that notifies, over window alarms without actions',
    compliant: stackOf(merge(windows, composite({ alarm_rule: RULE, alarm_actions: [TOPIC_REF] }))),
  },
  {
    rule: alarmHasAction,
    violates: 'a metric alarm without actions that no composite takes',
    violating: stackOf(merge(windows, composite({ alarm_rule: 'ALARM("${aws_cloudwatch_metric_alarm.window_1h.alarm_name}")', alarm_actions: [TOPIC_REF] }))),
    address: 'aws_cloudwatch_metric_alarm.window_5m',
    complies: 'both windows referenced by name and by ARN in a notifying composite',
    compliant: stackOf(
      merge(windows, composite({ alarm_rule: 'ALARM(qa-dev-window_1h) AND ALARM("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:qa-dev-window_5m")', alarm_actions: [TOPIC_REF] })),
    ),
  },
  {
    rule: alarmHasAction,
    violates: 'window alarms whose composite has its actions disabled',
    violating: stackOf(merge(windows, composite({ alarm_rule: RULE, alarm_actions: [TOPIC_REF], actions_enabled: false }))),
    address: 'aws_cloudwatch_metric_alarm.window_1h',
    complies: 'a metric alarm that notifies by itself',
    compliant: stackOf(metricAlarm('errors_5', { alarm_actions: [TOPIC_REF], actions_enabled: true })),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'an alarm on chat.request (no such metric is emitted)',
    violating: stackOf(metricAlarm('errors_5', { metric_name: 'chat.request', alarm_actions: [TOPIC_REF] })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: 'chat.requests, outcome=error, Sum',
    compliant: stackOf(metricAlarm('errors_5', { alarm_actions: [TOPIC_REF] })),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'chat.requests without its outcome dimension (CloudWatch has no such series)',
    violating: stackOf(metricAlarm('errors_5', { dimensions: undefined })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: 'an AWS/Bedrock metric (emitted by AWS)',
    compliant: stackOf(metricAlarm('errors_5', { namespace: 'AWS/Bedrock', metric_name: 'InvocationThrottles', dimensions: { ModelId: 'eu.amazon.nova-micro-v1:0' } })),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'an outcome no answer has (aborted)',
    violating: stackOf(metricAlarm('errors_5', { dimensions: { outcome: 'aborted' } })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: 'outcome=fallback',
    compliant: stackOf(metricAlarm('errors_5', { dimensions: { outcome: 'fallback' } })),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'the Average of a delta counter (it averages export batches, not answers)',
    violating: stackOf(metricAlarm('errors_5', { statistic: 'Average' })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: 'its Sum',
    compliant: stackOf(metricAlarm('errors_5', { statistic: 'Sum' })),
  },
  {
    rule: alarmMetricsEmitted,
    violates: "another environment's namespace",
    violating: stackOf(metricAlarm('errors_5', { namespace: 'qa/prod/chatbot' })),
    address: 'aws_cloudwatch_metric_alarm.errors_5',
    complies: "the prod stack's alarm in qa/prod/chatbot",
    compliant: stackOf(metricAlarm('errors_5', { namespace: 'qa/prod/chatbot' }), { name: 'platform-prod', production: true }),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'a metric_query reading time to first token by outcome (not a dimension the collector publishes)',
    violating: stackOf(latencyAlarm({ dimensions: { outcome: 'success' } })),
    address: 'aws_cloudwatch_metric_alarm.latency_4',
    complies: 'TC(:2) and SampleCount of the histogram, no dimension',
    compliant: stackOf(latencyAlarm({})),
  },
  {
    rule: alarmMetricsEmitted,
    violates: 'a percentile of a counter (token usage has no values to rank)',
    violating: stackOf(metricAlarm('tokens_6', { metric_name: 'gen_ai.client.token.usage', dimensions: { 'gen_ai.response.model': 'm', 'gen_ai.token.type': 'input' }, statistic: undefined, extended_statistic: 'p95' })),
    address: 'aws_cloudwatch_metric_alarm.tokens_6',
    complies: 'the Sum of token usage by model and type',
    compliant: stackOf(metricAlarm('tokens_6', { metric_name: 'gen_ai.client.token.usage', dimensions: { 'gen_ai.response.model': 'm', 'gen_ai.token.type': 'input' }, statistic: 'Sum' })),
  },
];
