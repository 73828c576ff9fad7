import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { expect } from 'chai';
import type { StaticSiteConfig } from '../../../modules/shared/environment-config';
import { CACHING_OPTIMIZED_CACHE_POLICY_ID, StaticSite } from '../../../modules/static-site/static-site';
import { testEnvironment } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

function synthSite(config: StaticSiteConfig): TerraformJson {
  return synthConstructs((stack) => {
    const globalProvider = new AwsProvider(stack, 'us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
    new StaticSite(stack, 'site', { name: 'qa-dev', bucketName: 'qa-dev-site-111122223333', config, globalProvider });
  });
}

/** `${type.<logical id>.attr}` of the one resource of a type. */
function ref(json: TerraformJson, type: string, attr: string): string {
  const ids = Object.keys(resourcesOf(json, type));
  expect(ids, type).to.have.length(1);
  return `\${${type}.${ids[0]}.${attr}}`;
}

describe('StaticSite', () => {
  const dev = testEnvironment('dev').site;
  const prod = testEnvironment('prod').site;
  const json = synthSite(dev);
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');
  const behavior = distribution.default_cache_behavior;

  it('keeps the origin bucket private, encrypted, versioned and TLS-only', () => {
    expect(onlyResource(json, 'aws_s3_bucket').bucket).to.equal('qa-dev-site-111122223333');
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).to.deep.include({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default.sse_algorithm).to.equal('AES256');
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration.status).to.equal('Enabled');
    const statements = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy').policy).Statement;
    expect(statements.find((s) => s.Sid === 'DenyInsecureTransport')?.Condition).to.deep.equal({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('lets only this distribution read the bucket', () => {
    const statements = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy').policy).Statement;
    const allow = statements.find((s) => s.Effect === 'Allow');
    expect(allow?.Principal).to.deep.equal({ Service: 'cloudfront.amazonaws.com' });
    expect(allow?.Resource).to.equal(`${ref(json, 'aws_s3_bucket', 'arn')}/*`);
    expect(allow?.Condition).to.deep.equal({ StringEquals: { 'AWS:SourceArn': ref(json, 'aws_cloudfront_distribution', 'arn') } });
  });

  it('reaches the bucket through a SigV4 origin access control', () => {
    expect(onlyResource(json, 'aws_cloudfront_origin_access_control')).to.deep.include({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    expect(distribution.origin).to.have.length(1);
    const [origin] = distribution.origin;
    expect(origin.origin_access_control_id).to.equal(ref(json, 'aws_cloudfront_origin_access_control', 'id'));
    expect(origin.domain_name).to.equal(ref(json, 'aws_s3_bucket', 'bucket_regional_domain_name'));
    expect(origin).not.to.have.property('s3_origin_config');
    expect(behavior.target_origin_id).to.equal(origin.origin_id);
  });

  it('serves the app over HTTPS, compressed, with HTTP/2 and 3 and IPv6', () => {
    expect(distribution).to.deep.include({ enabled: true, is_ipv6_enabled: true, http_version: 'http2and3', default_root_object: 'index.html', price_class: 'PriceClass_100' });
    expect(behavior).to.deep.include({ viewer_protocol_policy: 'redirect-to-https', compress: true });
    expect(behavior.allowed_methods).to.have.members(['GET', 'HEAD', 'OPTIONS']);
    expect(behavior.cached_methods).to.have.members(['GET', 'HEAD']);
    expect(behavior.cache_policy_id).to.equal(CACHING_OPTIMIZED_CACHE_POLICY_ID);
    expect(distribution.restrictions).to.deep.equal({ geo_restriction: { restriction_type: 'none' } });
  });

  it('adds the security headers policy to every response', () => {
    expect(behavior.response_headers_policy_id).to.equal(ref(json, 'aws_cloudfront_response_headers_policy', 'id'));
    const headers = onlyResource(json, 'aws_cloudfront_response_headers_policy').security_headers_config;
    expect(headers.strict_transport_security).to.deep.include({ access_control_max_age_sec: 63072000, include_subdomains: true, preload: true });
    expect(headers.frame_options.frame_option).to.equal('DENY');
    expect(headers.content_security_policy.content_security_policy).to.contain("frame-ancestors 'none'");
  });

  it('answers unknown paths with the app shell (client-side routing)', () => {
    expect(distribution.custom_error_response).to.have.deep.members([
      { error_code: 403, response_code: 200, response_page_path: '/index.html' },
      { error_code: 404, response_code: 200, response_page_path: '/index.html' },
    ]);
  });

  describe('custom domain', () => {
    it('uses the CloudFront default certificate and no alias without one', () => {
      expect(distribution.viewer_certificate).to.deep.equal({ cloudfront_default_certificate: true });
      expect(distribution).not.to.have.property('aliases');
    });

    it('uses the ACM certificate (SNI, TLS 1.2+) and the alias when configured', () => {
      const withDomain = onlyResource(synthSite(prod), 'aws_cloudfront_distribution');
      expect(withDomain.aliases).to.deep.equal(['chat.example.com']);
      expect(withDomain.viewer_certificate).to.deep.equal({
        acm_certificate_arn: prod.certificateArn,
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      });
    });
  });

  describe('WAF', () => {
    it('creates no web ACL when disabled', () => {
      expect(resourcesOf(json, 'aws_wafv2_web_acl')).to.deep.equal({});
      expect(distribution).not.to.have.property('web_acl_id');
    });

    it('puts a CloudFront-scoped web ACL from us-east-1 in front of the distribution when enabled', () => {
      const withWaf = synthSite({ ...dev, enableWaf: true });
      const acl = onlyResource(withWaf, 'aws_wafv2_web_acl');
      expect(acl.scope).to.equal('CLOUDFRONT');
      expect(acl.provider).to.equal('aws.us-east-1');
      expect(withWaf.provider?.aws.find((p) => p.alias === 'us-east-1')?.region).to.equal('us-east-1');
      expect(acl.rule.map((r: any) => r.statement.managed_rule_group_statement.name)).to.have.members([
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesAnonymousIpList',
      ]);
      expect(onlyResource(withWaf, 'aws_cloudfront_distribution').web_acl_id).to.equal(ref(withWaf, 'aws_wafv2_web_acl', 'arn'));
    });
  });
});
