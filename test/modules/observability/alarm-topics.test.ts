import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { AlarmTopics } from '../../../modules/observability/alarm-topics';
import type { NotificationTarget } from '../../../modules/shared/environment-config';
import { TEST_ACCOUNT } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';

const EMAIL: NotificationTarget = { kind: 'email', address: 'oncall@example.com', severities: ['page', 'ticket'] };
const PAGER: NotificationTarget = { kind: 'webhook', url: 'https://events.pagerduty.com/integration/0123/enqueue', severities: ['page'] };
const SLACK: NotificationTarget = { kind: 'chatbot', channelConfigurationArn: `arn:aws:chatbot::${TEST_ACCOUNT}:chat-configuration/slack-channel/oncall`, severities: ['ticket'] };
/** Targets ./alarm-chat-channels.ts makes configurations for: no subscription of their own. */
const SLACK_CHANNEL: NotificationTarget = { kind: 'slack', workspaceId: 'T0123ABCD', channelId: 'C0123ABCD', severities: ['page'] };
const TEAMS_CHANNEL: NotificationTarget = {
  kind: 'teams',
  teamId: '00000000-1111-4222-8333-444444444444',
  channelId: '19%3a0123456789abcdef0123456789abcdef%40thread.tacv2',
  tenantId: '55555555-6666-4777-8888-999999999999',
  severities: ['page', 'ticket'],
};

function synth(notifications: readonly NotificationTarget[] = [EMAIL, PAGER, SLACK, SLACK_CHANNEL, TEAMS_CHANNEL]) {
  let topics: AlarmTopics | undefined;
  const json = synthConstructs((stack) => {
    topics = new AlarmTopics(stack, 'topics', { name: 'qa-dev', accountId: TEST_ACCOUNT, region: 'eu-west-1', notifications });
    // Fields are tokens until synthesis: outputs show what they resolve to.
    new TerraformOutput(stack, 'page', { value: topics.topicArns.page });
    new TerraformOutput(stack, 'ticket', { value: topics.topicArns.ticket });
  });
  return { json, topics: topics! };
}

const ALARM_SOURCES = { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${TEST_ACCOUNT}:alarm:qa-dev-*` } };
const BUDGET_SOURCES = { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:budgets::${TEST_ACCOUNT}:*` } };

describe('modules/observability/alarm-topics', () => {
  const { json, topics } = synth();

  it('makes a page and a ticket topic, both encrypted with one rotating customer managed key', () => {
    const all = Object.entries(resourcesOf(json, 'aws_sns_topic'));
    expect(all.map(([, t]) => t.name)).to.have.members(['qa-dev-alarms-page', 'qa-dev-alarms-ticket']);
    const [keyId] = Object.keys(resourcesOf(json, 'aws_kms_key'));
    for (const [, topic] of all) expect(topic.kms_master_key_id).to.equal(`\${aws_kms_key.${keyId}.arn}`);
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).to.equal(true);
    expect(onlyResource(json, 'aws_kms_alias').name).to.equal('alias/qa-dev-alarms');
    for (const severity of ['page', 'ticket']) {
      const [id] = all.find(([, t]) => t.name === `qa-dev-alarms-${severity}`)!;
      expect(json.output?.[severity].value).to.equal(`\${aws_sns_topic.${id}.arn}`);
    }
  });

  it("lets CloudWatch alarms of the environment and the account's Budgets use the key, and nothing use it through the account's IAM", () => {
    const statements = parsePolicy(onlyResource(json, 'aws_kms_key').policy).Statement;
    const bySid = new Map(statements.map((s) => [s.Sid, s]));
    expect(bySid.get('CloudWatchAlarmsPublish')).to.deep.include({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: ALARM_SOURCES });
    expect(bySid.get('BudgetsPublish')).to.deep.include({ Principal: { Service: 'budgets.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: BUDGET_SOURCES });
    const admin = bySid.get('KeyAdministrationThroughIam')!;
    expect(admin.Principal).to.deep.equal({ AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` });
    expect(admin.Action).to.include('kms:PutKeyPolicy');
    expect(admin.Action.filter((a: string) => a === 'kms:*' || /^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(a))).to.deep.equal([]);
  });

  it('lets only CloudWatch and Budgets of the account publish, over TLS', () => {
    for (const policy of Object.values(resourcesOf(json, 'aws_sns_topic_policy'))) {
      const statements = parsePolicy(policy.policy).Statement;
      expect(statements.map((s) => [s.Sid, s.Effect, s.Action, s.Resource])).to.deep.equal([
        ['CloudWatchAlarmsPublish', 'Allow', 'sns:Publish', policy.arn],
        ['BudgetsPublish', 'Allow', 'sns:Publish', policy.arn],
        ['DenyInsecureTransport', 'Deny', 'sns:Publish', policy.arn],
      ]);
      expect(statements[0].Condition).to.deep.equal(ALARM_SOURCES);
      expect(statements[1].Condition).to.deep.equal(BUDGET_SOURCES);
      expect(statements[2].Condition).to.deep.equal({ Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  it('blocks no one from subscribing: AWS Chatbot subscribes itself (through its service-linked role, an identity of this account)', () => {
    for (const policy of Object.values(resourcesOf(json, 'aws_sns_topic_policy'))) {
      const denies = parsePolicy(policy.policy).Statement.filter((s) => s.Effect === 'Deny');
      expect(denies.flatMap((s) => [s.Action].flat())).to.deep.equal(['sns:Publish']);
    }
  });

  it('subscribes e-mail and webhook targets to the severities they list; AWS Chatbot subscribes itself', () => {
    const subscriptions = Object.values(resourcesOf(json, 'aws_sns_topic_subscription'));
    const topicName = (ref: string) => Object.entries(resourcesOf(json, 'aws_sns_topic')).find(([id]) => ref === `\${aws_sns_topic.${id}.arn}`)![1].name;
    expect(subscriptions.map((s) => [topicName(s.topic_arn), s.protocol, s.endpoint, s.endpoint_auto_confirms ?? false])).to.have.deep.members([
      ['qa-dev-alarms-page', 'email', 'oncall@example.com', false],
      ['qa-dev-alarms-ticket', 'email', 'oncall@example.com', false],
      ['qa-dev-alarms-page', 'https', PAGER.url, true],
    ]);
    expect(topics.chatbotChannels).to.deep.equal([{ channelConfigurationArn: SLACK.kind === 'chatbot' ? SLACK.channelConfigurationArn : '', severities: ['ticket'] }]);
  });

  it('keeps subscription addresses when the config list is reordered, and keeps webhook URLs out of them', () => {
    const ids = (targets: readonly NotificationTarget[]) => Object.keys(resourcesOf(synth(targets).json, 'aws_sns_topic_subscription')).sort();
    expect(ids([PAGER, EMAIL])).to.deep.equal(ids([EMAIL, PAGER]));
    expect(ids([PAGER]).join()).to.not.include('pagerduty');
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(() => synthConstructs((stack) => new AlarmTopics(stack, 't', { name: 'qa-dev', accountId: '1234', region: 'eu-west-1', notifications: [] }))).to.throw(/accountId must be 12 digits/);
  });
});
