import { createHash } from 'node:crypto';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { ALARM_SEVERITIES, type AlarmSeverity, type NotificationTarget } from '../shared/environment-config';
import { policyJson, type PolicyCondition } from '../shared/policy-document';

export interface AlarmTopicsProps {
  /** `<prefix>-<env>`: topics `<name>-alarms-page` / `-ticket`, key alias `alias/<name>-alarms`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Who gets which severity (config `slo.notifications`). */
  readonly notifications: readonly NotificationTarget[];
}

/**
 * Administration of the key, delegated to IAM in this account (as the default key policy does, but
 * without `kms:*`, which the policy suite forbids). No cryptographic use: only the two services
 * below encrypt with the key, and CloudWatch's `set-alarm-state` tests delivery end to end.
 */
const KEY_ADMIN_ACTIONS = [
  'kms:Describe*',
  'kms:Get*',
  'kms:List*',
  'kms:PutKeyPolicy',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
];

/** What a publishing service does with the topic key: a data key per message (SNS encrypts it). */
const PUBLISHER_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/**
 * The alarm topics of one environment: `page` (wake someone) and `ticket` (next working day), each
 * encrypted with a customer managed key whose policy lets CloudWatch alarms of this environment
 * (and AWS Budgets of this account) publish, and subscribed from config. AWS Chatbot targets are
 * not subscribed here: Chatbot subscribes itself once its channel configuration lists the topic.
 * Slack and Teams targets get a configuration from ./alarm-chat-channels.ts (the platform stack);
 * configurations made elsewhere (`chatbotChannelArn`) are listed in `chatbotChannels`, for the
 * topics to be added to them by hand (docs/runbooks/README.md).
 */
export class AlarmTopics extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly topics: Readonly<Record<AlarmSeverity, SnsTopic>>;
  /** Topic ARNs by severity (references: alarms that notify depend on the topic). */
  readonly topicArns: Readonly<Record<AlarmSeverity, string>>;
  /** AWS Chatbot channel configurations made outside Terraform and the severities they should list the topics of. */
  readonly chatbotChannels: ReadonlyArray<{ readonly channelConfigurationArn: string; readonly severities: readonly AlarmSeverity[] }>;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    const { name, accountId, region } = props;
    if (!/^\d{12}$/.test(accountId)) throw new Error(`AlarmTopics: accountId must be 12 digits, got ${accountId}`);
    const alarmSources: PolicyCondition = {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}-*` },
    };
    // Budgets are global (no region in their ARN); their names are not known here.
    const budgetSources: PolicyCondition = {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:aws:budgets::${accountId}:*` },
    };

    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the alarm notifications of ${name} (SNS topics ${name}-alarms-*)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson(
        { Sid: 'KeyAdministrationThroughIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
        // Without it CloudWatch cannot publish to an encrypted topic, and drops the notification silently.
        { Sid: 'CloudWatchAlarmsPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: PUBLISHER_KEY_ACTIONS, Resource: '*', Condition: alarmSources },
        { Sid: 'BudgetsPublish', Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: PUBLISHER_KEY_ACTIONS, Resource: '*', Condition: budgetSources },
      ),
    });
    new KmsAlias(this, 'alias', { name: `alias/${name}-alarms`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;

    const topics = {} as Record<AlarmSeverity, SnsTopic>;
    for (const severity of ALARM_SEVERITIES) {
      const topic = new SnsTopic(this, `topic-${severity}`, {
        name: `${name}-alarms-${severity}`,
        displayName: `${name} ${severity}`,
        kmsMasterKeyId: this.key.arn,
        // SHA256 signatures for HTTPS subscribers that verify them.
        signatureVersion: 2,
      });
      new SnsTopicPolicy(this, `topic-policy-${severity}`, {
        arn: topic.arn,
        policy: policyJson(
          { Sid: 'CloudWatchAlarmsPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: topic.arn, Condition: alarmSources },
          { Sid: 'BudgetsPublish', Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish', Resource: topic.arn, Condition: budgetSources },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ),
      });
      topics[severity] = topic;
    }
    this.topics = topics;
    this.topicArns = { page: topics.page.arn, ticket: topics.ticket.arn };

    for (const target of props.notifications) {
      if (target.kind !== 'email' && target.kind !== 'webhook') continue;
      for (const severity of target.severities) {
        const endpoint = target.kind === 'email' ? target.address : target.url;
        // Named by a digest of the endpoint, not its position: reordering the config list must not
        // replace subscriptions (an e-mail subscription would need confirming again), and a webhook
        // URL (it may carry an integration key) stays out of resource addresses.
        const digest = createHash('sha256').update(endpoint).digest('hex').slice(0, 12);
        new SnsTopicSubscription(this, `subscription-${severity}-${target.kind}-${digest}`, {
          topicArn: topics[severity].arn,
          protocol: target.kind === 'email' ? 'email' : 'https',
          endpoint,
          // The config only takes webhooks that confirm SNS subscriptions themselves (PagerDuty, Opsgenie).
          ...(target.kind === 'webhook' ? { endpointAutoConfirms: true } : {}),
        });
      }
    }
    this.chatbotChannels = props.notifications.flatMap((t) => (t.kind === 'chatbot' ? [{ channelConfigurationArn: t.channelConfigurationArn, severities: t.severities }] : []));
  }
}
