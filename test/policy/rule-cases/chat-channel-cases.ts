/** Violating and compliant snippets of the AWS Chatbot channel rule. */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import { chatChannelsReadOnly } from '../rules/chat-channels';

const READ_ALARMS = { Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:qa-dev-*' };
const CHART = { Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], Resource: '*' };
const TRUST = { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' };

const role = resource('aws_iam_role', 'chat_role_1', { name: 'qa-dev-alarm-chat', assume_role_policy: policy(TRUST) });
const rolePolicy = (...statements: Array<Record<string, unknown>>) =>
  resource('aws_iam_role_policy', 'chat_policy_2', { name: 'alarm-notifications', role: '${aws_iam_role.chat_role_1.name}', policy: policy(...statements) });
const guardrail = (...statements: Array<Record<string, unknown>>) => resource('aws_iam_policy', 'chat_guardrail_3', { name: 'qa-dev-alarm-chat-guardrail', policy: policy(...statements) });
const channel = (type: string, attrs: Record<string, unknown>) =>
  resource(type, 'chat_slack_4', {
    configuration_name: 'qa-dev-alarms-slack-C0123ABCD',
    iam_role_arn: '${aws_iam_role.chat_role_1.arn}',
    guardrail_policy_arns: ['${aws_iam_policy.chat_guardrail_3.arn}'],
    sns_topic_arns: ['${aws_sns_topic.alarms_topic_page_5.arn}'],
    user_authorization_required: true,
    ...attrs,
  });
const SLACK = 'aws_chatbot_slack_channel_configuration';
const TEAMS = 'aws_chatbot_teams_channel_configuration';
const compliant = stackOf(merge(role, rolePolicy(READ_ALARMS, CHART), guardrail(READ_ALARMS, CHART), channel(SLACK, {})));

export const CHAT_CHANNEL_CASES: readonly RuleCase[] = [
  {
    rule: chatChannelsReadOnly,
    violates: 'a Slack channel without guardrails (AdministratorAccess by default)',
    violating: stackOf(merge(role, rolePolicy(READ_ALARMS, CHART), channel(SLACK, { guardrail_policy_arns: undefined }))),
    address: `${SLACK}.chat_slack_4`,
    complies: 'a Slack channel with a read-only guardrail of the stack, user authorization and a read-only role',
    compliant,
  },
  {
    rule: chatChannelsReadOnly,
    violates: 'a Teams channel guarded by the AWS managed ReadOnlyAccess policy',
    violating: stackOf(merge(role, rolePolicy(READ_ALARMS, CHART), channel(TEAMS, { guardrail_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }))),
    address: `${TEAMS}.chat_slack_4`,
    complies: 'a Teams channel with the stack\'s read-only guardrail',
    compliant: stackOf(merge(role, rolePolicy(READ_ALARMS, CHART), guardrail(READ_ALARMS, CHART), channel(TEAMS, {}))),
  },
  {
    rule: chatChannelsReadOnly,
    violates: 'a channel whose role and guardrail may change alarms',
    violating: stackOf(
      merge(
        role,
        rolePolicy(READ_ALARMS, { Effect: 'Allow', Action: 'cloudwatch:PutMetricAlarm', Resource: '*' }),
        guardrail(READ_ALARMS, { Effect: 'Allow', Action: 'cloudwatch:*', Resource: '*' }),
        channel(SLACK, {}),
      ),
    ),
    address: `${SLACK}.chat_slack_4`,
    complies: 'the same channel with reads only',
    compliant,
  },
  {
    rule: chatChannelsReadOnly,
    violates: 'a channel that lets every member run commands as the channel role',
    violating: stackOf(merge(role, rolePolicy(READ_ALARMS, CHART), guardrail(READ_ALARMS, CHART), channel(SLACK, { user_authorization_required: 'false' }))),
    address: `${SLACK}.chat_slack_4`,
    complies: 'the same channel with user authorization required',
    compliant,
  },
];
