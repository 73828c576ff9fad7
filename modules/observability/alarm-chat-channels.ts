import { createHash } from 'node:crypto';
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { ChatbotTeamsChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-teams-channel-configuration';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { chatbotApiRegion, type ChatbotApiRegion } from './chatbot-api-region';
import type { AlarmSeverity, ChatChannelTarget } from '../shared/environment-config';
import { ALARM_CHAT_SERVICE, alarmChatConfigurationPrefix, alarmChatRoleName } from '../shared/naming';
import { policyJson, type PolicyStatement } from '../shared/policy-document';

/** What AWS Chatbot writes to CloudWatch Logs about a channel (`/aws/chatbot/<configuration name>`). */
export type ChatbotLoggingLevel = 'ERROR' | 'INFO' | 'NONE';

export interface AlarmChatChannelsProps {
  /**
   * `<prefix>-<env>`: role `<name>-alarm-chat`, guardrail policy `<name>-alarm-chat-guardrail`,
   * channel configurations `<name>-alarms-slack-<channel id>` / `<name>-alarms-teams-<digest>`.
   */
  readonly name: string;
  readonly accountId: string;
  /** The environment's region: where its alarms are, which the channel role may describe. */
  readonly region: string;
  /** The alarm topics by severity (`AlarmTopics.topicArns`); each channel lists those of its severities. */
  readonly topicArns: Readonly<Record<AlarmSeverity, string>>;
  /** The Slack and Teams targets of `slo.notifications`; at least one. */
  readonly targets: readonly ChatChannelTarget[];
  /** The environment's permissions boundary, on the channel role as on every role of the platform. */
  readonly permissionsBoundaryArn: string;
  /**
   * What AWS Chatbot logs about each channel: delivery errors are what someone needs to find out
   * why a channel stayed silent.
   * @default 'ERROR'
   */
  readonly loggingLevel?: ChatbotLoggingLevel;
}

const DEFAULTS = { loggingLevel: 'ERROR' as ChatbotLoggingLevel };

/**
 * What AWS Chatbot needs to render an alarm notification (the alarm, and a chart of its metric),
 * and nothing more: the channel role's permissions and, identical, the channel guardrail. No
 * write, no log or secret read, and channel members running commands get no more than this.
 */
export function alarmNotificationStatements(name: string, region: string, accountId: string): PolicyStatement[] {
  return [
    { Sid: 'DescribeEnvironmentAlarms', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}-*` },
    // Neither action supports a resource-level permission (IAM service authorization reference:
    // no resource type), so "*" is their narrowest scope; both return metric data, as numbers or a chart.
    { Sid: 'ChartAlarmMetrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], Resource: '*' },
  ];
}

/** A channel configuration as the stack made it. */
export interface AlarmChatChannel {
  readonly kind: ChatChannelTarget['kind'];
  readonly configurationName: string;
  /** ARN of the channel configuration (a reference). */
  readonly arn: string;
  readonly severities: readonly AlarmSeverity[];
}

/**
 * AWS Chatbot (Amazon Q Developer in chat applications) channel configurations for the Slack and
 * Teams targets of `slo.notifications`, each listing the alarm topics of its severities: Chatbot
 * subscribes itself to those topics (through its service-linked role, which the topic policies do
 * not block: they only limit who may publish) and posts every notification to the channel.
 *
 * One role for all channels, with the environment's permissions boundary, and a customer managed
 * guardrail with the same read-only statements: without guardrails, Chatbot applies the AWS
 * managed AdministratorAccess policy as the channel's ceiling. Channel members must also bring
 * their own role to run commands (user authorization required).
 *
 * The configurations are made through the AWS Chatbot API of `chatbotApiRegion(region)` (the
 * resource's `region` argument, AWS provider 6): the API exists in four regions only.
 */
export class AlarmChatChannels extends Construct {
  readonly role: IamRole;
  readonly guardrailPolicy: IamPolicy;
  /** Where the AWS Chatbot API is called for these configurations. */
  readonly apiRegion: ChatbotApiRegion;
  readonly channels: readonly AlarmChatChannel[];

  constructor(scope: Construct, id: string, props: AlarmChatChannelsProps) {
    super(scope, id);
    const { name, accountId, region, topicArns, targets, permissionsBoundaryArn, loggingLevel } = { ...DEFAULTS, ...props };
    if (targets.length === 0) throw new Error('AlarmChatChannels: no Slack or Teams target; make no channels instead');
    this.apiRegion = chatbotApiRegion(region);
    const statements = alarmNotificationStatements(name, region, accountId);

    this.role = new IamRole(this, 'role', {
      name: alarmChatRoleName(name),
      description: `Assumed by AWS Chatbot to render the alarm notifications of ${name} in chat channels`,
      permissionsBoundary: permissionsBoundaryArn,
      assumeRolePolicy: policyJson({
        Effect: 'Allow',
        Principal: { Service: ALARM_CHAT_SERVICE },
        Action: ['sts:AssumeRole'],
        // AWS Chatbot's documented trust policy names no condition, and whether it sets
        // aws:SourceAccount is not documented: IfExists keeps this account's value required where
        // the key is set without refusing Chatbot where it is not. Another account cannot name the
        // role in its channel configuration anyway (iam:PassRole works within this account only).
        Condition: { StringEqualsIfExists: { 'aws:SourceAccount': accountId } },
      }),
    });
    new IamRolePolicy(this, 'policy', { name: 'alarm-notifications', role: this.role.name, policy: policyJson(...statements) });
    this.guardrailPolicy = new IamPolicy(this, 'guardrail', {
      name: `${alarmChatRoleName(name)}-guardrail`,
      description: `Channel guardrail of the AWS Chatbot alarm channels of ${name}: read alarms and chart their metrics, nothing else`,
      policy: policyJson(...statements),
    });

    const prefix = alarmChatConfigurationPrefix(name);
    const common = (target: ChatChannelTarget) => ({
      iamRoleArn: this.role.arn,
      guardrailPolicyArns: [this.guardrailPolicy.arn],
      snsTopicArns: target.severities.map((severity) => topicArns[severity]),
      loggingLevel,
      userAuthorizationRequired: true,
      region: this.apiRegion,
    });
    this.channels = targets.map((target): AlarmChatChannel => {
      if (target.kind === 'slack') {
        // The channel id names it: unique in the config (a second target for it is refused), stable
        // when the list is reordered, and what an operator sees in the Chatbot console.
        const configurationName = `${prefix}slack-${target.channelId}`;
        const configuration = new ChatbotSlackChannelConfiguration(this, `slack-${target.channelId}`, {
          configurationName,
          slackTeamId: target.workspaceId,
          slackChannelId: target.channelId,
          ...common(target),
        });
        return { kind: 'slack', configurationName, arn: configuration.chatConfigurationArn, severities: target.severities };
      }
      // Teams channel ids hold `%` (refused in configuration names) and run long: a digest names it.
      const digest = createHash('sha256').update(target.channelId).digest('hex').slice(0, 12);
      const configurationName = `${prefix}teams-${digest}`;
      const configuration = new ChatbotTeamsChannelConfiguration(this, `teams-${digest}`, {
        configurationName,
        teamId: target.teamId,
        channelId: target.channelId,
        tenantId: target.tenantId,
        ...common(target),
      });
      return { kind: 'teams', configurationName, arn: configuration.chatConfigurationArn, severities: target.severities };
    });
  }
}
