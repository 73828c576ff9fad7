/**
 * What the CI roles need for the AWS Chatbot channel configurations of the alarm notifications
 * (modules/observability/alarm-chat-channels.ts). AWS Chatbot authorizes its actions on the
 * `ChatbotConfiguration` resource (`arn:aws:chatbot::<account>:chat-configuration/<type>/<name>`)
 * for updates, deletes and tags only: creating a configuration and reading one back (Describe,
 * Get, List, ListTagsForResource) support no resource-level permission (IAM service authorization
 * reference for AWS Chatbot), so those are granted on "*". The role a configuration runs as is
 * the environment's own `<name>-alarm-chat`, passed to AWS Chatbot and nothing else.
 */
import type { CiDeployScope } from './ci-deploy-scope';
import type { CiAccountScope, CiEnvironment } from './ci-resource-arns';
import { ALARM_CHAT_SERVICE, alarmChatConfigurationPrefix, alarmChatRoleName, environmentResourceName } from '../shared/naming';
import type { PolicyStatement } from '../shared/policy-document';

/** What `terraform plan` reads to refresh a Slack or Teams channel configuration (no resource-level permission). */
export const CHAT_CHANNEL_READ_ACTIONS = [
  'chatbot:DescribeSlackChannelConfigurations',
  'chatbot:GetMicrosoftTeamsChannelConfiguration',
  'chatbot:ListMicrosoftTeamsChannelConfigurations',
  'chatbot:ListTagsForResource',
] as const;

/** Creating a configuration: authorized on no resource, so it is scoped by the role it must pass (below). */
export const CHAT_CHANNEL_CREATE_ACTIONS = ['chatbot:CreateSlackChannelConfiguration', 'chatbot:CreateMicrosoftTeamsChannelConfiguration'] as const;

/** Changes of an existing configuration: authorized on its ARN. */
export const CHAT_CHANNEL_CHANGE_ACTIONS = [
  'chatbot:UpdateSlackChannelConfiguration',
  'chatbot:DeleteSlackChannelConfiguration',
  'chatbot:UpdateMicrosoftTeamsChannelConfiguration',
  'chatbot:DeleteMicrosoftTeamsChannelConfiguration',
  'chatbot:TagResource',
  'chatbot:UntagResource',
] as const;

/** ARNs of one environment's channel configurations (both chat types) and of the role they run as. */
export function chatChannelArns(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment: CiEnvironment) {
  const name = environmentResourceName(scope.namePrefix, environment.name);
  const configuration = (type: string) => `arn:aws:chatbot::${scope.accountId}:chat-configuration/${type}/${alarmChatConfigurationPrefix(name)}*`;
  return {
    configurations: [configuration('slack-channel'), configuration('microsoft-teams-channel')],
    role: `arn:aws:iam::${scope.accountId}:role/${alarmChatRoleName(name)}`,
  };
}

/** Reads of the channel configurations, for the plan role and the deploy roles. */
export function chatChannelReadStatements(): PolicyStatement[] {
  return [{ Sid: 'ReadChatChannels', Effect: 'Allow', Action: [...CHAT_CHANNEL_READ_ACTIONS], Resource: '*' }];
}

/**
 * A deploy role's create, update and delete of its environment's channel configurations. Create
 * on "*" cannot be narrowed by name, but a configuration needs a role passed to it, and the only
 * role the deploy role may pass to AWS Chatbot is its environment's `<name>-alarm-chat`.
 * AWS Chatbot makes its service-linked role on the first configuration of the account
 * (ci-iam-statements.ts, `CreateServiceLinkedRoles`).
 */
export function chatChannelDeployStatements(scope: CiDeployScope): PolicyStatement[] {
  const arns = chatChannelArns(scope, scope.environment);
  return [
    { Sid: 'CreateChatChannels', Effect: 'Allow', Action: [...CHAT_CHANNEL_CREATE_ACTIONS], Resource: '*' },
    { Sid: 'ChangeChatChannels', Effect: 'Allow', Action: [...CHAT_CHANNEL_CHANGE_ACTIONS], Resource: arns.configurations },
    {
      Sid: 'PassAlarmChatRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: arns.role,
      Condition: { StringEquals: { 'iam:PassedToService': ALARM_CHAT_SERVICE } },
    },
  ];
}
