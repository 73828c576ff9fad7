import { join } from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { chatbotRepositoryName, parameterPathPrefix, permissionsBoundaryArn } from '../../modules/shared/naming';
import { PLATFORM_PARAMETER_NAMES } from '../../stacks/bootstrap-stack';
import { loadConfig } from '../../stacks/config';
import { PlatformStack } from '../../stacks/platform-stack';
import { testEnvironment, TEST_ACCOUNT } from '../support/environment';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

function synthPlatform(name: 'dev' | 'prod'): TerraformJson {
  const stack = new PlatformStack(Testing.app(), `platform-${name}`, { environment: testEnvironment(name) });
  return synthStack(stack);
}

describe('stacks/platform-stack', () => {
  const dev = synthPlatform('dev');
  const prod = synthPlatform('prod');

  it('keeps its state in the bootstrap bucket under its own key, encrypted and locked', () => {
    expect(dev.terraform?.backend?.s3).to.deep.equal({
      bucket: `qa-tfstate-${TEST_ACCOUNT}-eu-west-1`,
      key: 'platform-dev/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(prod.terraform?.backend?.s3.key).to.equal('platform-prod/terraform.tfstate');
  });

  it('pins the account and tags everything with the environment', () => {
    const providers = dev.provider?.aws ?? [];
    expect(providers).to.have.length(2);
    for (const provider of providers) {
      expect(provider.allowed_account_ids).to.deep.equal([TEST_ACCOUNT]);
      expect(provider.default_tags[0].tags).to.include({ Environment: 'dev', Project: 'ai-chatbot', ManagedBy: 'cdktf', Owner: 'platform' });
    }
    expect(providers.map((p) => p.alias)).to.include('us-east-1');
  });

  it('names the cluster after the environment and gives the CI deploy role of the environment an access entry', () => {
    const [cluster] = Object.values(resourcesOf(dev, 'aws_eks_cluster'));
    expect(cluster.name).to.equal('qa-dev');
    const principals = Object.values(resourcesOf(dev, 'aws_eks_access_entry')).map((e) => e.principal_arn);
    expect(principals).to.include(`arn:aws:iam::${TEST_ACCOUNT}:role/qa-github-apply-dev`);
  });

  it('applies the environment config: NAT per AZ and a WAF on the site in prod only', () => {
    expect(Object.keys(resourcesOf(dev, 'aws_nat_gateway'))).to.have.length(1);
    expect(Object.keys(resourcesOf(prod, 'aws_nat_gateway'))).to.have.length(3);
    const scopes = (json: TerraformJson) => Object.values(resourcesOf(json, 'aws_wafv2_web_acl')).map((acl) => acl.scope);
    // CLOUDFRONT: the static site (site.enableWaf); REGIONAL: the chat ALB (edge.waf, on by default).
    expect(scopes(dev)).to.deep.equal(['REGIONAL']);
    expect(scopes(prod)).to.have.members(['CLOUDFRONT', 'REGIONAL']);
  });

  it('writes the SSM parameters the chatbot and add-ons read under /<prefix>/<env>/', () => {
    const params = Object.values(resourcesOf(dev, 'aws_ssm_parameter'));
    const byName = new Map(params.map((p) => [p.name, p]));
    expect(byName.get('/qa/dev/chatbot/bedrock/primary-model-id')?.value).to.equal('eu.amazon.nova-micro-v1:0');
    expect(byName.get('/qa/dev/chatbot/bedrock/fallback-model-id')?.value).to.equal('eu.amazon.nova-lite-v1:0');
    expect(byName.get('/qa/dev/chatbot/aws-region')?.value).to.equal('eu-west-1');
    expect(byName.get('/qa/dev/static-site/bucket')?.value).to.match(/^\$\{aws_s3_bucket\./);
    expect(byName.get('/qa/dev/platform/ecr-repository-url')?.value).to.match(/^\$\{aws_ecr_repository\..*\.repository_url\}$/);
    for (const p of params) expect(p.name.startsWith('/qa/dev/'), p.name).to.equal(true);
  });

  it('gives every role the environment\'s permissions boundary, by name (no cross-stack reference)', () => {
    for (const [env, json] of [['dev', dev], ['prod', prod]] as const) {
      const roles = Object.values(resourcesOf(json, 'aws_iam_role'));
      expect(roles.map((r) => r.name)).to.include.members([`qa-${env}-cluster`, `qa-${env}-node`, `qa-${env}-vpc-flow-logs`, `qa-${env}-chatbot-bedrock`, `qa-${env}-external-secrets`]);
      for (const role of roles) expect(role.permissions_boundary, role.name).to.equal(permissionsBoundaryArn('qa', TEST_ACCOUNT, env));
    }
  });

  it('manages exactly the parameters the plan role may read (PLATFORM_PARAMETER_NAMES), all plain String', () => {
    for (const [env, json] of [['dev', dev], ['prod', prod]] as const) {
      const params = Object.values(resourcesOf(json, 'aws_ssm_parameter'));
      expect(params.map((p) => p.name)).to.have.members(PLATFORM_PARAMETER_NAMES.map((name) => `${parameterPathPrefix('qa', env)}/${name}`));
      for (const p of params) expect(p.type, p.name).to.equal('String');
    }
  });

  it('names its chatbot repository as the image role expects it', () => {
    expect(Object.values(resourcesOf(dev, 'aws_ecr_repository')).map((r) => r.name)).to.deep.equal([chatbotRepositoryName('qa', 'dev')]);
  });

  it('scopes the chatbot Bedrock role to the configured models', () => {
    const policies = Object.values(resourcesOf(dev, 'aws_iam_role_policy')).filter((p) => p.name.includes('chatbot-bedrock'));
    expect(policies).to.have.length(1);
    const text = policies[0].policy as string;
    expect(text).to.include(`arn:aws:bedrock:eu-west-1:${TEST_ACCOUNT}:inference-profile/eu.amazon.nova-micro-v1:0`);
    expect(text).to.include('arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0');
  });

  it('exposes what the add-ons stack needs as outputs and typed fields', () => {
    expect(Object.keys(dev.output ?? {})).to.include.members(['cluster_name', 'cluster_endpoint', 'vpc_id', 'load_balancer_controller_role_arn', 'chatbot_role_arn']);
    const stack = new PlatformStack(Testing.app(), 'platform-dev', { environment: testEnvironment('dev') });
    expect(stack.cluster.oidcProviderArn).to.be.a('string');
    expect(stack.network.privateSubnetIds).to.have.length(2);
  });

  it('gives every configured environment its burn-rate composite alarms, the page and ticket topics and their subscriptions', () => {
    for (const env of loadConfig(join(__dirname, '../../config')).environments) {
      const stack = new PlatformStack(Testing.app(), `platform-${env.name}`, { environment: env });
      const json = synthStack(stack);
      const composites = Object.values(resourcesOf(json, 'aws_cloudwatch_composite_alarm')).map((a) => a.alarm_name);
      expect(composites, env.name).to.have.members(
        ['availability', 'latency'].flatMap((sli) => ['fast', 'sustained', 'slow'].map((row) => `qa-${env.name}-slo-${sli}-${row}-burn`)),
      );
      const topics = Object.entries(resourcesOf(json, 'aws_sns_topic'));
      expect(topics.map(([, t]) => t.name), env.name).to.have.members([`qa-${env.name}-alarms-page`, `qa-${env.name}-alarms-ticket`]);
      const subscriptions = Object.values(resourcesOf(json, 'aws_sns_topic_subscription'));
      for (const target of env.slo.notifications.filter((t) => t.kind === 'email' || t.kind === 'webhook')) {
        for (const severity of target.severities) {
          const [topicId] = topics.find(([, t]) => t.name === `qa-${env.name}-alarms-${severity}`)!;
          const endpoint = target.kind === 'email' ? target.address : target.url;
          expect(subscriptions.some((s) => s.topic_arn === `\${aws_sns_topic.${topicId}.arn}` && s.endpoint === endpoint), `${env.name}: ${endpoint} on ${severity}`).to.equal(true);
        }
      }
      expect(json.output?.alarm_page_topic_arn.value).to.equal(`\${aws_sns_topic.${topics.find(([, t]) => t.name.endsWith('-page'))![0]}.arn}`);
      expect(json.output?.alarm_ticket_topic_arn.value).to.equal(`\${aws_sns_topic.${topics.find(([, t]) => t.name.endsWith('-ticket'))![0]}.arn}`);
      expect(stack.alarms.notifyingAlarms.map((a) => a.name)).to.include(`qa-${env.name}-collector-heartbeat`);
    }
  });

  describe('AWS Chatbot alarm channels', () => {
    const CHANNEL_TYPES = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'];
    const notifications = [
      { email: 'oncall@example.com', severities: ['page'] },
      { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }, severities: ['page'] },
      { teams: { teamId: '00000000-1111-4222-8333-444444444444', channelId: '19:0123456789abcdef0123456789abcdef@thread.tacv2', tenantId: '55555555-6666-4777-8888-999999999999' }, severities: ['ticket'] },
    ];
    // eu-central-1 has no AWS Chatbot API: the configurations are made through eu-west-1's.
    const stack = new PlatformStack(Testing.app(), 'platform-prod', { environment: testEnvironment('prod', { region: 'eu-central-1', slo: { notifications } }) });
    const json = synthStack(stack);
    const topicRef = (severity: string) => `\${aws_sns_topic.${Object.entries(resourcesOf(json, 'aws_sns_topic')).find(([, t]) => t.name === `qa-prod-alarms-${severity}`)![0]}.arn}`;
    const roleEntry = () => Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === 'qa-prod-alarm-chat');

    it('makes a Slack and a Teams channel configuration listing the topics of their severities, through an AWS Chatbot API region', () => {
      const [slack] = Object.values(resourcesOf(json, 'aws_chatbot_slack_channel_configuration'));
      const [teams] = Object.values(resourcesOf(json, 'aws_chatbot_teams_channel_configuration'));
      expect(slack).to.deep.include({ configuration_name: 'qa-prod-alarms-slack-C0123ABCD', slack_team_id: 'T0123ABCD', slack_channel_id: 'C0123ABCD', sns_topic_arns: [topicRef('page')], region: 'eu-west-1' });
      expect(teams).to.deep.include({ channel_id: '19%3a0123456789abcdef0123456789abcdef%40thread.tacv2', sns_topic_arns: [topicRef('ticket')], region: 'eu-west-1' });
      expect(stack.alarmChatChannels?.channels.map((c) => c.kind)).to.deep.equal(['slack', 'teams']);
    });

    it('runs them as the bounded role qa-prod-alarm-chat, guarded by qa-prod-alarm-chat-guardrail', () => {
      const [roleId, role] = roleEntry()!;
      expect(role.permissions_boundary).to.equal(permissionsBoundaryArn('qa', TEST_ACCOUNT, 'prod'));
      const [guardrailId] = Object.entries(resourcesOf(json, 'aws_iam_policy')).find(([, p]) => p.name === 'qa-prod-alarm-chat-guardrail')!;
      for (const type of CHANNEL_TYPES) {
        const [channel] = Object.values(resourcesOf(json, type));
        expect(channel.iam_role_arn, type).to.equal(`\${aws_iam_role.${roleId}.arn}`);
        expect(channel.guardrail_policy_arns, type).to.deep.equal([`\${aws_iam_policy.${guardrailId}.arn}`]);
      }
      // The role reads the alarms of the environment, in its own region.
      const [inline] = Object.values(resourcesOf(json, 'aws_iam_role_policy')).filter((p) => p.role === `\${aws_iam_role.${roleId}.name}`);
      expect(inline.policy).to.include(`arn:aws:cloudwatch:eu-central-1:${TEST_ACCOUNT}:alarm:qa-prod-*`);
    });

    it('subscribes no SNS endpoint for them (AWS Chatbot subscribes itself), and makes none of it without Slack or Teams targets', () => {
      const endpoints = Object.values(resourcesOf(json, 'aws_sns_topic_subscription')).map((s) => s.endpoint);
      expect(endpoints).to.deep.equal(['oncall@example.com']);
      for (const type of CHANNEL_TYPES) expect(Object.keys(resourcesOf(dev, type)), type).to.have.length(0);
      expect(Object.values(resourcesOf(dev, 'aws_iam_role')).map((r) => r.name)).not.to.include('qa-dev-alarm-chat');
      expect(Object.values(resourcesOf(dev, 'aws_iam_policy')).map((p) => p.name)).not.to.include('qa-dev-alarm-chat-guardrail');
      expect(stack.alarmChatChannels).not.to.equal(undefined);
      expect(new PlatformStack(Testing.app(), 'platform-dev', { environment: testEnvironment('dev') }).alarmChatChannels).to.equal(undefined);
    });
  });
});
