/** Violating and compliant snippets of the public-entry rules (certificate, WAF, Cognito). */
import { merge, resource, stackOf, type RuleCase } from './fixtures';
import { testEnvironment } from '../../support/environment';
import { certificateDnsValidation, cognitoSelfSignUp, productionCognitoHardening, productionEntry, productionWafBaseline } from '../rules/public-entry';

const managed = (name: string, priority: number, override: Record<string, unknown> = { none: {} }) => ({
  name,
  priority,
  override_action: override,
  statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
  visibility_config: { cloudwatch_metrics_enabled: true, metric_name: name, sampled_requests_enabled: true },
});
const RATE = {
  name: 'rate-limit-per-ip',
  priority: 1,
  action: { block: { custom_response: { response_code: 429 } } },
  statement: { rate_based_statement: { limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
  visibility_config: { cloudwatch_metrics_enabled: true, metric_name: 'rate', sampled_requests_enabled: true },
};
const BASELINE = [managed('AWSManagedRulesCommonRuleSet', 10), managed('AWSManagedRulesKnownBadInputsRuleSet', 11), managed('AWSManagedRulesAmazonIpReputationList', 12)];
const acl = (rules: unknown[]) => resource('aws_wafv2_web_acl', 'edge_waf_1', { name: 'qa-prod-chat', scope: 'REGIONAL', default_action: { allow: {} }, rule: rules });
const logging = resource('aws_wafv2_web_acl_logging_configuration', 'edge_waf_logging_2', {
  resource_arn: '${aws_wafv2_web_acl.edge_waf_1.arn}',
  log_destination_configs: ['${aws_cloudwatch_log_group.edge_waf_logs_3.arn}'],
});
const certificate = (attrs: Record<string, unknown> = {}) => resource('aws_acm_certificate', 'edge_certificate_4', { domain_name: 'chat.example.com', validation_method: 'DNS', ...attrs });
const pool = (attrs: Record<string, unknown> = {}) =>
  resource('aws_cognito_user_pool', 'edge_cognito_pool_5', {
    name: 'qa-prod-chat',
    admin_create_user_config: { allow_admin_create_user_only: true },
    deletion_protection: 'ACTIVE',
    user_pool_add_ons: { advanced_security_mode: 'ENFORCED' },
    ...attrs,
  });
const PROD = { name: 'platform-prod', production: true } as const;
const selfSignUpDev = testEnvironment('dev', { edge: { domain: 'chat.dev.example.com', auth: { provider: 'cognito', selfSignUp: true } } });
const closedDev = testEnvironment('dev', { edge: { domain: 'chat.dev.example.com', auth: { provider: 'cognito' } } });

export const PUBLIC_ENTRY_CASES: readonly RuleCase[] = [
  {
    rule: certificateDnsValidation,
    violates: 'a certificate validated by e-mail',
    violating: stackOf(certificate({ validation_method: 'EMAIL' })),
    address: 'aws_acm_certificate.edge_certificate_4',
    complies: 'DNS validation',
    compliant: stackOf(certificate()),
  },
  {
    rule: productionEntry,
    violates: 'a production platform stack without a certificate (prod without TLS)',
    violating: stackOf(merge(acl([RATE, ...BASELINE]), logging), PROD),
    address: 'aws_acm_certificate',
    complies: 'a certificate and a regional web ACL',
    compliant: stackOf(merge(certificate(), acl([RATE, ...BASELINE]), logging), PROD),
  },
  {
    rule: productionEntry,
    violates: 'a production platform stack without a regional web ACL',
    violating: stackOf(certificate(), PROD),
    address: 'aws_wafv2_web_acl',
    complies: 'a dev stack on plain HTTP without either',
    compliant: stackOf(resource('aws_vpc', 'network_vpc_1', { cidr_block: '10.20.0.0/16' })),
  },
  {
    rule: productionWafBaseline,
    violates: 'a production web ACL without the IP reputation group',
    violating: stackOf(merge(acl([RATE, BASELINE[0], BASELINE[1]]), logging), PROD),
    address: 'aws_wafv2_web_acl.edge_waf_1',
    complies: 'the baseline groups, a blocking per-IP rate rule and logging',
    compliant: stackOf(merge(acl([RATE, ...BASELINE]), logging), PROD),
  },
  {
    rule: productionWafBaseline,
    violates: 'a production web ACL whose common rule set only counts',
    violating: stackOf(merge(acl([RATE, managed('AWSManagedRulesCommonRuleSet', 10, { count: {} }), BASELINE[1], BASELINE[2]]), logging), PROD),
    address: 'aws_wafv2_web_acl.edge_waf_1',
    complies: 'a dev web ACL without logging (not production)',
    compliant: stackOf(acl([BASELINE[0]])),
  },
  {
    rule: productionWafBaseline,
    violates: 'a production web ACL without a rate rule or logging',
    violating: stackOf(acl(BASELINE), PROD),
    address: 'aws_wafv2_web_acl.edge_waf_1',
    complies: 'the full baseline',
    compliant: stackOf(merge(acl([RATE, ...BASELINE]), logging), PROD),
  },
  {
    rule: cognitoSelfSignUp,
    violates: 'a user pool open to self sign-up that the config keeps closed',
    violating: stackOf(pool({ admin_create_user_config: { allow_admin_create_user_only: false } }), { environment: closedDev }),
    address: 'aws_cognito_user_pool.edge_cognito_pool_5',
    complies: 'self sign-up where the config sets selfSignUp: true',
    compliant: stackOf(pool({ admin_create_user_config: { allow_admin_create_user_only: false } }), { environment: selfSignUpDev }),
  },
  {
    rule: cognitoSelfSignUp,
    violates: 'a user pool without admin_create_user_config (Cognito lets anyone sign up)',
    violating: stackOf(pool({ admin_create_user_config: undefined })),
    address: 'aws_cognito_user_pool.edge_cognito_pool_5',
    complies: 'admin-only user creation',
    compliant: stackOf(pool()),
  },
  {
    rule: productionCognitoHardening,
    violates: 'a production pool without threat protection or deletion protection',
    violating: stackOf(pool({ deletion_protection: 'INACTIVE', user_pool_add_ons: { advanced_security_mode: 'OFF' } }), PROD),
    address: 'aws_cognito_user_pool.edge_cognito_pool_5',
    complies: 'ENFORCED and ACTIVE',
    compliant: stackOf(pool(), PROD),
  },
];
