import { expect } from 'chai';
import { AlarmChatChannels, alarmNotificationStatements } from '../../../modules/observability/alarm-chat-channels';
import type { ChatChannelTarget } from '../../../modules/shared/environment-config';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { TEST_ACCOUNT } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const SLACK: ChatChannelTarget = { kind: 'slack', workspaceId: 'T0123ABCD', channelId: 'C0123ABCD', severities: ['page'] };
const TEAMS: ChatChannelTarget = {
  kind: 'teams',
  teamId: '00000000-1111-4222-8333-444444444444',
  channelId: '19%3a0123456789abcdef0123456789abcdef%40thread.tacv2',
  tenantId: '55555555-6666-4777-8888-999999999999',
  severities: ['page', 'ticket'],
};
const TOPICS = { page: 'arn:aws:sns:eu-central-1:111122223333:qa-prod-alarms-page', ticket: 'arn:aws:sns:eu-central-1:111122223333:qa-prod-alarms-ticket' };
const BOUNDARY = permissionsBoundaryArn('qa', TEST_ACCOUNT, 'prod');

function synth(targets: readonly ChatChannelTarget[] = [SLACK, TEAMS], region = 'eu-central-1'): { json: TerraformJson; channels: AlarmChatChannels } {
  let channels: AlarmChatChannels | undefined;
  const json = synthConstructs((stack) => {
    channels = new AlarmChatChannels(stack, 'chat', { name: 'qa-prod', accountId: TEST_ACCOUNT, region, topicArns: TOPICS, targets, permissionsBoundaryArn: BOUNDARY });
  });
  return { json, channels: channels! };
}

const ref = (type: string, json: TerraformJson, attribute = 'arn') => `\${${type}.${Object.keys(resourcesOf(json, type))[0]}.${attribute}}`;

describe('modules/observability/alarm-chat-channels', () => {
  const { json, channels } = synth();
  const slack = onlyResource(json, 'aws_chatbot_slack_channel_configuration');
  const teams = onlyResource(json, 'aws_chatbot_teams_channel_configuration');

  it('makes one channel configuration per target, listing the topics of its severities', () => {
    expect(slack).to.deep.include({ configuration_name: 'qa-prod-alarms-slack-C0123ABCD', slack_team_id: 'T0123ABCD', slack_channel_id: 'C0123ABCD' });
    expect(slack.sns_topic_arns).to.deep.equal([TOPICS.page]);
    expect(teams).to.deep.include({ team_id: TEAMS.teamId, channel_id: TEAMS.channelId, tenant_id: TEAMS.tenantId });
    expect(teams.sns_topic_arns).to.deep.equal([TOPICS.page, TOPICS.ticket]);
    expect(teams.configuration_name).to.match(/^qa-prod-alarms-teams-[0-9a-f]{12}$/);
    expect(channels.channels.map((c) => [c.kind, c.configurationName, c.severities])).to.deep.equal([
      ['slack', slack.configuration_name, ['page']],
      ['teams', teams.configuration_name, ['page', 'ticket']],
    ]);
  });

  it('names configurations as the AWS Chatbot API allows (letters, digits, - and _, at most 128) and the deploy role may change (<name>-alarms-*)', () => {
    for (const { configuration_name: name } of [slack, teams]) expect(name).to.match(/^qa-prod-alarms-[A-Za-z0-9_-]{1,113}$/);
  });

  it('logs errors, requires each member\'s own role for commands, and guards every channel with the read-only policy, never the default AdministratorAccess', () => {
    const guardrail = onlyResource(json, 'aws_iam_policy');
    expect(guardrail.name).to.equal('qa-prod-alarm-chat-guardrail');
    for (const channel of [slack, teams]) {
      expect(channel).to.deep.include({ logging_level: 'ERROR', user_authorization_required: true, guardrail_policy_arns: [ref('aws_iam_policy', json)], iam_role_arn: ref('aws_iam_role', json) });
    }
  });

  it('runs every channel as one role AWS Chatbot of this account assumes, inside the environment\'s permissions boundary', () => {
    const role = onlyResource(json, 'aws_iam_role');
    expect(role.name).to.equal('qa-prod-alarm-chat');
    expect(role.permissions_boundary).to.equal(BOUNDARY);
    expect(parsePolicy(role.assume_role_policy).Statement).to.deep.equal([
      { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEqualsIfExists: { 'aws:SourceAccount': TEST_ACCOUNT } } },
    ]);
  });

  it('lets the role and the guardrail read the environment\'s alarms and chart metrics, and nothing else', () => {
    const inline = onlyResource(json, 'aws_iam_role_policy');
    expect(inline.role).to.equal(ref('aws_iam_role', json, 'name'));
    const statements = parsePolicy(inline.policy).Statement;
    expect(statements).to.deep.equal([
      { Sid: 'DescribeEnvironmentAlarms', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: `arn:aws:cloudwatch:eu-central-1:${TEST_ACCOUNT}:alarm:qa-prod-*` },
      { Sid: 'ChartAlarmMetrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], Resource: '*' },
    ]);
    expect(parsePolicy(onlyResource(json, 'aws_iam_policy').policy).Statement).to.deep.equal(statements);
    const onStar = statements.filter((st) => st.Resource === '*').flatMap((st) => st.Action as string[]);
    expect(onStar.filter((a) => !isWildcardResourceAllowed(a))).to.deep.equal([]);
    expect(alarmNotificationStatements('qa-prod', 'eu-central-1', TEST_ACCOUNT)).to.deep.equal(statements);
  });

  it('calls the AWS Chatbot API in the environment\'s region where it has one, else in the nearest region that does', () => {
    expect([slack.region, teams.region, channels.apiRegion]).to.deep.equal(['eu-west-1', 'eu-west-1', 'eu-west-1']);
    expect(onlyResource(synth([SLACK], 'us-west-2').json, 'aws_chatbot_slack_channel_configuration').region).to.equal('us-west-2');
    expect(onlyResource(synth([SLACK], 'ap-northeast-1').json, 'aws_chatbot_slack_channel_configuration').region).to.equal('ap-southeast-1');
    // IAM is global: only the channel configurations name a region.
    expect(onlyResource(json, 'aws_iam_role')).not.to.have.property('region');
  });

  it('keeps configuration addresses when the targets are reordered', () => {
    const ids = (targets: readonly ChatChannelTarget[]) =>
      ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'].flatMap((type) => Object.keys(resourcesOf(synth(targets).json, type))).sort();
    expect(ids([TEAMS, SLACK])).to.deep.equal(ids([SLACK, TEAMS]));
  });

  it('refuses to make a role with no channel to use it', () => {
    expect(() => synth([])).to.throw(/AlarmChatChannels: no Slack or Teams target/);
  });
});
