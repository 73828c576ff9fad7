/** Violating and compliant snippets of the logging, KMS, backend, network, CloudFront and SSM rules. */
import { merge, resource, stackOf, type RuleCase } from './fixtures';
import type { TerraformJson } from '../../support/synth';
import { providerDefaultTags, s3Backend } from '../rules/backend';
import { httpsOnly, modernTls, productionWaf, s3OriginAccessControl } from '../rules/edge';
import { kmsRotation, logRetention } from '../rules/logging-and-keys';
import { noOpenIngress, vpcFlowLogs } from '../rules/network';
import { secretParameters } from '../rules/parameters';

const TAGS = { Project: 'ai-chatbot', Environment: 'dev', ManagedBy: 'cdktf', Owner: 'platform' };
const providers = (...blocks: Array<Record<string, unknown>>): TerraformJson => ({ provider: { aws: blocks } });
const backend = (s3?: Record<string, unknown>): TerraformJson => ({ terraform: s3 ? { backend: { s3 } } : {} });
const S3_BACKEND = { bucket: 'qa-tfstate-111122223333-eu-west-1', key: 'platform-dev/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true };

const DISTRIBUTION = {
  enabled: true,
  origin: [{ origin_id: 'site', domain_name: '${aws_s3_bucket.site_1A2B.bucket_regional_domain_name}', origin_access_control_id: '${aws_cloudfront_origin_access_control.oac_1.id}' }],
  default_cache_behavior: { target_origin_id: 'site', viewer_protocol_policy: 'redirect-to-https', allowed_methods: ['GET', 'HEAD'], cached_methods: ['GET', 'HEAD'] },
  ordered_cache_behavior: [{ path_pattern: '/assets/*', target_origin_id: 'site', viewer_protocol_policy: 'https-only', allowed_methods: ['GET', 'HEAD'], cached_methods: ['GET', 'HEAD'] }],
  viewer_certificate: { acm_certificate_arn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' },
  web_acl_id: '${aws_wafv2_web_acl.site_waf_1.arn}',
  restrictions: { geo_restriction: { restriction_type: 'none' } },
};
const distribution = (overrides: Record<string, unknown> = {}) => resource('aws_cloudfront_distribution', 'site_cdn_5', { ...DISTRIBUTION, ...overrides });

const vpc = resource('aws_vpc', 'network_vpc_1', { cidr_block: '10.20.0.0/16' });
const param = (name: string, type: string) => resource('aws_ssm_parameter', 'params_api_key_6', { name, type, value: 'x' });

export const PLATFORM_CASES: readonly RuleCase[] = [
  {
    rule: logRetention,
    violates: 'a log group without retention',
    violating: stackOf(resource('aws_cloudwatch_log_group', 'cluster_logs_1', { name: '/aws/eks/qa-dev/cluster' })),
    address: 'aws_cloudwatch_log_group.cluster_logs_1',
    complies: 'retention_in_days 30',
    compliant: stackOf(resource('aws_cloudwatch_log_group', 'cluster_logs_1', { name: '/aws/eks/qa-dev/cluster', retention_in_days: 30 })),
  },
  {
    rule: logRetention,
    violates: 'retention_in_days 0 (never expire)',
    violating: stackOf(resource('aws_cloudwatch_log_group', 'cluster_logs_1', { retention_in_days: 0 })),
    address: 'aws_cloudwatch_log_group.cluster_logs_1',
    complies: 'retention_in_days 1',
    compliant: stackOf(resource('aws_cloudwatch_log_group', 'cluster_logs_1', { retention_in_days: 1 })),
  },
  {
    rule: kmsRotation,
    violates: 'a KMS key without rotation',
    violating: stackOf(resource('aws_kms_key', 'secrets_key_2', { description: 'eks secrets' })),
    address: 'aws_kms_key.secrets_key_2',
    complies: 'enable_key_rotation true',
    compliant: stackOf(resource('aws_kms_key', 'secrets_key_2', { description: 'eks secrets', enable_key_rotation: true })),
  },
  {
    rule: providerDefaultTags,
    violates: 'an aliased provider without ManagedBy in default_tags',
    violating: stackOf(providers({ region: 'eu-west-1', default_tags: [{ tags: TAGS }] }, { alias: 'us-east-1', region: 'us-east-1', default_tags: [{ tags: { Project: 'ai-chatbot', Environment: 'dev' } }] })),
    address: 'provider.aws.us-east-1',
    complies: 'every provider tagged with the required keys',
    compliant: stackOf(providers({ region: 'eu-west-1', default_tags: [{ tags: TAGS }] }, { alias: 'us-east-1', region: 'us-east-1', default_tags: [{ tags: TAGS }] })),
  },
  {
    rule: providerDefaultTags,
    violates: 'a provider without default_tags',
    violating: stackOf(providers({ region: 'eu-west-1' }), { name: 'bootstrap', kind: 'bootstrap' }),
    address: 'provider.aws',
    complies: 'default_tags written as a single block',
    compliant: stackOf(providers({ region: 'eu-west-1', default_tags: { tags: TAGS } }), { name: 'bootstrap', kind: 'bootstrap' }),
  },
  {
    rule: s3Backend,
    violates: 'an S3 backend without use_lockfile',
    violating: stackOf(backend({ ...S3_BACKEND, use_lockfile: undefined })),
    address: 'terraform.backend.s3',
    complies: 'encrypt and use_lockfile true',
    compliant: stackOf(backend(S3_BACKEND)),
  },
  {
    rule: s3Backend,
    violates: 'a platform stack with local state',
    violating: stackOf(backend()),
    address: 'terraform.backend',
    complies: 'the bootstrap stack with local state',
    compliant: stackOf(backend(), { name: 'bootstrap', kind: 'bootstrap' }),
  },
  {
    rule: noOpenIngress,
    violates: 'a standalone ingress rule from 0.0.0.0/0',
    violating: stackOf(resource('aws_vpc_security_group_ingress_rule', 'https_in_7', { security_group_id: 'sg', cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443, ip_protocol: 'tcp' })),
    address: 'aws_vpc_security_group_ingress_rule.https_in_7',
    complies: 'ingress from the VPC CIDR',
    compliant: stackOf(resource('aws_vpc_security_group_ingress_rule', 'https_in_7', { security_group_id: 'sg', cidr_ipv4: '10.20.0.0/16', from_port: 443, to_port: 443, ip_protocol: 'tcp' })),
  },
  {
    rule: noOpenIngress,
    violates: 'inline security group ingress from ::/0',
    violating: stackOf(resource('aws_security_group', 'endpoints_sg_8', { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.20.0.0/16'], ipv6_cidr_blocks: ['::/0'] }] })),
    address: 'aws_security_group.endpoints_sg_8',
    complies: 'inline ingress from the VPC and open egress',
    compliant: stackOf(resource('aws_security_group', 'endpoints_sg_8', { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.20.0.0/16'] }], egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }] })),
  },
  {
    rule: noOpenIngress,
    violates: 'the VPC default security group opened to 0.0.0.0/0',
    violating: stackOf(resource('aws_default_security_group', 'default_sg_9', { vpc_id: 'v', ingress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }] })),
    address: 'aws_default_security_group.default_sg_9',
    complies: 'a default security group with no rules',
    compliant: stackOf(resource('aws_default_security_group', 'default_sg_9', { vpc_id: 'v' })),
  },
  {
    rule: noOpenIngress,
    violates: 'an aws_security_group_rule of type ingress from 0.0.0.0/0',
    violating: stackOf(resource('aws_security_group_rule', 'ssh_9', { type: 'ingress', security_group_id: 'sg', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] })),
    address: 'aws_security_group_rule.ssh_9',
    complies: 'an egress rule to 0.0.0.0/0',
    compliant: stackOf(resource('aws_security_group_rule', 'ssh_9', { type: 'egress', security_group_id: 'sg', from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] })),
  },
  {
    rule: vpcFlowLogs,
    violates: 'a VPC without a flow log',
    violating: stackOf(merge(vpc, resource('aws_flow_log', 'other_flow_1', { vpc_id: '${aws_vpc.another_vpc.id}', traffic_type: 'ALL' }))),
    address: 'aws_vpc.network_vpc_1',
    complies: 'a flow log referencing the VPC',
    compliant: stackOf(merge(vpc, resource('aws_flow_log', 'network_flow_1', { vpc_id: '${aws_vpc.network_vpc_1.id}', traffic_type: 'ALL' }))),
  },
  {
    rule: httpsOnly,
    violates: 'an ordered cache behavior allowing plain HTTP',
    violating: stackOf(distribution({ ordered_cache_behavior: [{ ...DISTRIBUTION.ordered_cache_behavior[0], viewer_protocol_policy: 'allow-all' }] })),
    address: 'aws_cloudfront_distribution.site_cdn_5',
    complies: 'redirect-to-https and https-only',
    compliant: stackOf(distribution()),
  },
  {
    rule: httpsOnly,
    violates: 'a default cache behavior allowing plain HTTP',
    violating: stackOf(distribution({ default_cache_behavior: { ...DISTRIBUTION.default_cache_behavior, viewer_protocol_policy: 'allow-all' } })),
    address: 'aws_cloudfront_distribution.site_cdn_5',
    complies: 'no ordered behaviors and a redirecting default',
    compliant: stackOf(distribution({ ordered_cache_behavior: undefined })),
  },
  {
    rule: modernTls,
    violates: 'a custom certificate with TLSv1',
    violating: stackOf(distribution({ viewer_certificate: { ...DISTRIBUTION.viewer_certificate, minimum_protocol_version: 'TLSv1' } })),
    address: 'aws_cloudfront_distribution.site_cdn_5',
    complies: 'TLSv1.2_2021, or the default CloudFront certificate',
    compliant: stackOf(merge(distribution(), resource('aws_cloudfront_distribution', 'default_cert_6', { ...DISTRIBUTION, viewer_certificate: { cloudfront_default_certificate: true } }))),
  },
  {
    rule: s3OriginAccessControl,
    violates: 'an S3 origin without an origin access control',
    violating: stackOf(distribution({ origin: [{ origin_id: 'site', domain_name: '${aws_s3_bucket.site_1A2B.bucket_regional_domain_name}' }] })),
    address: 'aws_cloudfront_distribution.site_cdn_5',
    complies: 'an S3 origin with OAC',
    compliant: stackOf(distribution()),
  },
  {
    rule: productionWaf,
    violates: 'a production distribution without WAF',
    violating: stackOf(distribution({ web_acl_id: undefined }), { name: 'platform-prod', production: true }),
    address: 'aws_cloudfront_distribution.site_cdn_5',
    complies: 'a dev distribution without WAF',
    compliant: stackOf(distribution({ web_acl_id: undefined })),
  },
  {
    rule: secretParameters,
    violates: 'a String parameter named like an API key',
    violating: stackOf(param('/qa/dev/chatbot/api-key', 'String')),
    address: 'aws_ssm_parameter.params_api_key_6',
    complies: 'a SecureString API key and a plain String model id',
    compliant: stackOf(merge(param('/qa/dev/chatbot/api-key', 'SecureString'), resource('aws_ssm_parameter', 'model_7', { name: '/qa/dev/chatbot/model-id', type: 'String', value: 'm' }))),
  },
];
