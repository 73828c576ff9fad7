/** CloudFront rules: HTTPS to viewers with modern TLS, private S3 origins, WAF in production. */
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { blocks, referencedIds, resources, type ResourceEntry } from '../terraform-json';

function eachDistribution(stack: StackUnderTest, rule: string, problemsOf: (d: ResourceEntry) => string[]): Violation[] {
  return resources(stack.json, 'aws_cloudfront_distribution').flatMap((d) => problemsOf(d).map((p) => violation(rule, d.address, p)));
}

export const httpsOnly: PolicyRule = {
  id: 'cloudfront-https-only',
  description: 'No CloudFront cache behavior (default or ordered) has viewer_protocol_policy allow-all',
  check: (stack) =>
    eachDistribution(stack, httpsOnly.id, (d) => [
      ...blocks(d.attrs.default_cache_behavior)
        .filter((b) => b.viewer_protocol_policy === 'allow-all')
        .map(() => 'default_cache_behavior has viewer_protocol_policy allow-all; use redirect-to-https or https-only'),
      ...blocks(d.attrs.ordered_cache_behavior)
        .filter((b) => b.viewer_protocol_policy === 'allow-all')
        .map((b) => `ordered_cache_behavior ${b.path_pattern ?? ''} has viewer_protocol_policy allow-all; use redirect-to-https or https-only`),
    ]),
};

export const modernTls: PolicyRule = {
  id: 'cloudfront-tls-1-2',
  description: 'A CloudFront distribution with its own certificate requires minimum_protocol_version TLSv1.2_*',
  check: (stack) =>
    eachDistribution(stack, modernTls.id, (d) =>
      blocks(d.attrs.viewer_certificate)
        .filter((c) => c.acm_certificate_arn !== undefined || c.iam_certificate_id !== undefined)
        .filter((c) => !(typeof c.minimum_protocol_version === 'string' && c.minimum_protocol_version.startsWith('TLSv1.2_')))
        .map((c) => `viewer_certificate.minimum_protocol_version is ${JSON.stringify(c.minimum_protocol_version ?? 'TLSv1 (default)')}, not TLSv1.2_*`),
    ),
};

export const s3OriginAccessControl: PolicyRule = {
  id: 'cloudfront-s3-origin-oac',
  description: 'CloudFront origins that are S3 buckets of the stack use an origin access control (not a legacy OAI or a public bucket)',
  check: (stack) =>
    eachDistribution(stack, s3OriginAccessControl.id, (d) =>
      blocks(d.attrs.origin)
        .filter((o) => referencedIds(o.domain_name, 'aws_s3_bucket').size > 0 && !(typeof o.origin_access_control_id === 'string' && o.origin_access_control_id !== ''))
        .map((o) => `origin ${o.origin_id ?? o.domain_name} is an S3 bucket without origin_access_control_id`),
    ),
};

export const productionWaf: PolicyRule = {
  id: 'cloudfront-production-waf',
  description: 'CloudFront distributions of production stacks have a WAF web ACL (web_acl_id)',
  check: (stack) =>
    stack.production
      ? eachDistribution(stack, productionWaf.id, (d) =>
        typeof d.attrs.web_acl_id === 'string' && d.attrs.web_acl_id !== '' ? [] : ['is in a production stack but has no web_acl_id (AWS WAF)'],
      )
      : [],
};

export const EDGE_RULES: readonly PolicyRule[] = [httpsOnly, modernTls, s3OriginAccessControl, productionWaf];
