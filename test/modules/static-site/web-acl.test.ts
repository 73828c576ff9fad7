import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { expect } from 'chai';
import { SITE_MANAGED_RULE_GROUPS, SiteWebAcl } from '../../../modules/static-site/web-acl';
import { onlyResource, synthConstructs } from '../../support/synth';

describe('SiteWebAcl', () => {
  const json = synthConstructs((stack) => {
    const globalProvider = new AwsProvider(stack, 'global', { region: 'us-east-1', alias: 'us-east-1' });
    new SiteWebAcl(stack, 'waf', { name: 'qa-dev-site', globalProvider });
  });
  const acl = onlyResource(json, 'aws_wafv2_web_acl');
  const rules: Array<Record<string, any>> = acl.rule;

  it('is a CloudFront-scoped ACL created through the us-east-1 provider', () => {
    expect(acl.scope).to.equal('CLOUDFRONT');
    expect(acl.provider).to.equal('aws.us-east-1');
  });

  it('allows by default and records metrics and samples', () => {
    expect(acl.default_action).to.deep.equal({ allow: {} });
    expect(acl.visibility_config).to.deep.equal({ cloudwatch_metrics_enabled: true, metric_name: 'qa-dev-site', sampled_requests_enabled: true });
  });

  it('uses the four AWS managed rule groups with their own actions', () => {
    expect(rules.map((r) => r.statement.managed_rule_group_statement)).to.deep.equal(SITE_MANAGED_RULE_GROUPS.map((name) => ({ name, vendor_name: 'AWS' })));
    expect(rules.map((r) => r.statement.managed_rule_group_statement.name)).to.have.members([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesAnonymousIpList',
    ]);
    for (const rule of rules) {
      expect(rule.override_action).to.deep.equal({ none: {} });
      expect(rule).not.to.have.property('action');
    }
  });

  it('gives every rule a distinct priority and its own metrics', () => {
    const priorities = rules.map((r) => r.priority);
    expect(new Set(priorities).size).to.equal(rules.length);
    const metricNames = rules.map((r) => r.visibility_config.metric_name);
    expect(new Set(metricNames).size).to.equal(rules.length);
    for (const rule of rules) {
      expect(rule.visibility_config).to.deep.include({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
      expect(rule.visibility_config.metric_name).to.match(/^[\w#:.\-/]{1,128}$/);
    }
  });
});
