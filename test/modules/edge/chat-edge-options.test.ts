/** ChatEdge's settings beyond the provider matrix: WAF rules and logging, Cognito options, budgets. */
import { expect } from 'chai';
import { ChatEdge } from '../../../modules/edge/chat-edge';
import { COUNTED_COMMON_RULES, REDACTED_HEADERS } from '../../../modules/edge/chat-web-acl';
import { testEnvironment } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

function synthEdge(env: 'dev' | 'prod', edge: Record<string, unknown>, alarmTopics = true): TerraformJson {
  const environment = testEnvironment(env, { edge });
  return synthConstructs((s) => {
    new ChatEdge(s, 'edge', {
      name: `qa-${env}`,
      region: environment.region,
      accountId: environment.accountId,
      production: environment.production,
      config: environment.edge,
      logRetentionDays: environment.logRetentionDays,
      chatbotRoleName: `qa-${env}-chatbot-bedrock`,
      ...(alarmTopics ? { alarmTopics: { page: 'arn:aws:sns:eu-west-1:111122223333:page', ticket: 'arn:aws:sns:eu-west-1:111122223333:ticket' } } : {}),
    });
  });
}

const PROD_EDGE = { domain: 'chat.example.com', dns: { provider: 'route53', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, dailyTokenBudget: 1000, bedrockMonthlyBudgetUsd: 50 };
type Rule = Record<string, any>;
const rulesOf = (json: TerraformJson): Rule[] => onlyResource(json, 'aws_wafv2_web_acl').rule as Rule[];

describe('modules/edge/chat-edge options', () => {
  describe('WAF web ACL', () => {
    const json = synthEdge('prod', { ...PROD_EDGE, waf: { rateLimitPer5MinPerIp: 300, bodySizeLimitBytes: 131072, managedRuleGroups: ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'] } });
    const rules = rulesOf(json);

    it('blocks an IP over the configured rate with 429, first', () => {
      const rate = rules.find((r) => r.statement.rate_based_statement);
      expect(rate?.priority).to.equal(1);
      expect(rate?.statement.rate_based_statement).to.deep.equal({ limit: 300, aggregate_key_type: 'IP', evaluation_window_sec: 300 });
      expect(rate?.action.block.custom_response.response_code).to.equal(429);
    });

    it('blocks a Content-Length over the configured body limit with 413', () => {
      const size = rules.find((r) => r.name === 'body-size');
      const statement = size?.statement.regex_match_statement;
      expect(statement.field_to_match).to.deep.equal({ single_header: { name: 'content-length' } });
      const re = new RegExp(statement.regex_string);
      expect(re.test('131072')).to.equal(false);
      expect(re.test('131073')).to.equal(true);
      expect(size?.action.block.custom_response.response_code).to.equal(413);
    });

    it('runs the configured managed groups in order, their own actions kept, the 8 KiB body rule of the common set only counting', () => {
      const managed = rules.filter((r) => r.statement.managed_rule_group_statement);
      expect(managed.map((r) => r.name)).to.deep.equal(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']);
      expect(managed.every((r) => r.override_action.none !== undefined && r.override_action.count === undefined)).to.equal(true);
      const common = managed.find((r) => r.name === 'AWSManagedRulesCommonRuleSet');
      expect(common?.statement.managed_rule_group_statement.rule_action_override.map((o: Rule) => o.name)).to.deep.equal([...COUNTED_COMMON_RULES]);
      const overridden = managed.filter((r) => r.statement.managed_rule_group_statement.rule_action_override !== undefined);
      expect(overridden).to.deep.equal([common]);
      expect(new Set(rules.map((r) => r.priority)).size).to.equal(rules.length);
    });

    it('logs what it blocked or counted, with credentials redacted, to its own log group through its own resource policy', () => {
      const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
      expect(logging.redacted_fields.map((f: Rule) => f.single_header.name)).to.deep.equal([...REDACTED_HEADERS]);
      expect(REDACTED_HEADERS).to.include.members(['cookie', 'authorization']);
      expect(logging.logging_filter.default_behavior).to.equal('DROP');
      expect(logging.logging_filter.filter[0].condition.map((c: Rule) => c.action_condition.action)).to.include.members(['BLOCK', 'COUNT']);
      const [policyId] = Object.keys(resourcesOf(json, 'aws_cloudwatch_log_resource_policy'));
      expect(logging.depends_on).to.deep.equal([`aws_cloudwatch_log_resource_policy.${policyId}`]);
      const policy = parsePolicy(onlyResource(json, 'aws_cloudwatch_log_resource_policy').policy_document);
      expect(policy.Statement[0].Principal).to.deep.equal({ Service: 'delivery.logs.amazonaws.com' });
      expect(policy.Statement[0].Resource).to.match(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/);
      expect(policy.Statement[0].Condition.StringEquals['aws:SourceAccount']).to.equal('111122223333');
    });

    it('is left out where the config turns it off (dev only)', () => {
      const dev = synthEdge('dev', { waf: { enabled: false } });
      expect(Object.keys(resourcesOf(dev, 'aws_wafv2_web_acl'))).to.have.length(0);
      expect(Object.keys(resourcesOf(dev, 'aws_cloudwatch_log_group'))).to.have.length(0);
    });
  });

  describe('Cognito', () => {
    it('lets anyone sign up only when selfSignUp says so, and requires MFA when mfa is on', () => {
      const json = synthEdge('dev', { domain: 'chat.dev.example.com', auth: { provider: 'cognito', selfSignUp: true, mfa: 'on', advancedSecurity: 'audit', domainPrefix: 'acme-chat-dev' } });
      const pool = onlyResource(json, 'aws_cognito_user_pool');
      expect(pool.admin_create_user_config.allow_admin_create_user_only).to.equal(false);
      expect(pool.mfa_configuration).to.equal('ON');
      expect(pool.user_pool_add_ons.advanced_security_mode).to.equal('AUDIT');
      expect(pool.user_pool_tier).to.equal('PLUS');
      expect(onlyResource(json, 'aws_cognito_user_pool_domain').domain).to.equal('acme-chat-dev');
    });

    it('turns authenticator-app MFA off when mfa is off', () => {
      const pool = onlyResource(synthEdge('dev', { domain: 'chat.dev.example.com', auth: { provider: 'cognito', mfa: 'off' } }), 'aws_cognito_user_pool');
      expect(pool.mfa_configuration).to.equal('OFF');
      expect(pool.software_token_mfa_configuration).to.equal(undefined);
    });
  });

  describe('Bedrock budget', () => {
    it('tracks the budget without notifications when no alarm topics are given', () => {
      const json = synthEdge('prod', PROD_EDGE, false);
      const budget = onlyResource(json, 'aws_budgets_budget');
      expect(budget.limit_amount).to.equal('50.00');
      expect(budget.notification ?? []).to.deep.equal([]);
    });
  });
});
