import { CloudfrontDistribution, type CloudfrontDistributionViewerCertificate } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Construct } from 'constructs';
import { SecurityHeadersPolicy, SITE_CONTENT_SECURITY_POLICY } from './security-headers';
import { SiteBucket } from './site-bucket';
import { SiteWebAcl } from './web-acl';
import type { StaticSiteConfig } from '../shared/environment-config';

/**
 * AWS managed cache policy "Managed-CachingOptimized": long TTLs, gzip/brotli, no cookies, headers
 * or query strings in the cache key. Its id is the same in every account; a data source lookup
 * would only add a read to every plan.
 */
export const CACHING_OPTIMIZED_CACHE_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';

export interface StaticSiteProps {
  /** Base name of the site's resources, e.g. `qa-dev`. */
  readonly name: string;
  /** Globally unique name of the origin bucket. */
  readonly bucketName: string;
  /** Custom domain, certificate and WAF switch of the environment. */
  readonly config: StaticSiteConfig;
  /**
   * AWS provider aliased to us-east-1: a CloudFront-scoped WAF web ACL must be created there.
   * Only used when `config.enableWaf` is true.
   */
  readonly globalProvider: AwsProvider;
  /**
   * Empty the origin bucket on destroy instead of failing (dev environments).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Content-Security-Policy sent with every response; widen `connect-src` if the app calls an API
   * on another origin.
   * @default SITE_CONTENT_SECURITY_POLICY
   */
  readonly contentSecurityPolicy?: string;
}

const DEFAULTS = {
  forceDestroy: false,
  contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY,
} satisfies Partial<StaticSiteProps>;

const ORIGIN_ID = 'site-bucket';

/**
 * A single-page app served by CloudFront from a private S3 bucket through origin access control
 * (OAC, SigV4-signed requests; the bucket grants only this distribution), HTTPS only, with
 * security headers and an optional WAF web ACL.
 */
export class StaticSite extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly distribution: CloudfrontDistribution;
  readonly distributionId: string;
  readonly distributionDomainName: string;
  readonly distributionArn: string;
  readonly webAcl: Wafv2WebAcl | undefined;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const { config } = resolved;

    const siteBucket = new SiteBucket(this, 'origin', { bucketName: resolved.bucketName, forceDestroy: resolved.forceDestroy });
    const originAccess = new CloudfrontOriginAccessControl(this, 'origin-access', {
      name: `${resolved.name}-site`,
      description: `CloudFront access to the ${resolved.name} site bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const headers = new SecurityHeadersPolicy(this, 'security-headers', {
      name: `${resolved.name}-site-security-headers`,
      contentSecurityPolicy: resolved.contentSecurityPolicy,
    });
    this.webAcl = config.enableWaf
      ? new SiteWebAcl(this, 'waf', { name: `${resolved.name}-site`, globalProvider: resolved.globalProvider }).webAcl
      : undefined;

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      comment: `${resolved.name} static site`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      defaultRootObject: 'index.html',
      // North America and Europe edges only: the cheapest class, enough for an internal tool.
      priceClass: 'PriceClass_100',
      aliases: config.certificateArn && config.domainName ? [config.domainName] : undefined,
      webAclId: this.webAcl?.arn,
      origin: [{ originId: ORIGIN_ID, domainName: siteBucket.bucketRegionalDomainName, originAccessControlId: originAccess.id }],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        compress: true,
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: CACHING_OPTIMIZED_CACHE_POLICY_ID,
        responseHeadersPolicyId: headers.policyId,
      },
      // The app routes on the client: a deep link (/chat/123) has no object, and S3 answers 403
      // (not 404) for a missing key when the caller may not list the bucket. Both get the app shell.
      customErrorResponse: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: '/index.html' })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: viewerCertificate(config),
    });

    siteBucket.allowDistributionRead(this.distribution.arn);

    this.bucket = siteBucket.bucket;
    this.bucketName = siteBucket.bucketName;
    this.bucketArn = siteBucket.bucketArn;
    this.distributionId = this.distribution.id;
    this.distributionDomainName = this.distribution.domainName;
    this.distributionArn = this.distribution.arn;
  }
}

/** The custom domain's ACM certificate (SNI, TLS 1.2+) when configured, else `*.cloudfront.net`'s. */
function viewerCertificate(config: StaticSiteConfig): CloudfrontDistributionViewerCertificate {
  if (config.certificateArn === undefined) return { cloudfrontDefaultCertificate: true };
  return { acmCertificateArn: config.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' };
}
