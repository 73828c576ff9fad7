import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Construct } from 'constructs';

/**
 * Content-Security-Policy of the single-page app: everything, including API calls (`connect-src`),
 * comes from the site's own origin; `data:` images allow inlined icons. No inline scripts or
 * styles, and the app cannot be framed (clickjacking).
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Two years (63072000 s): the HSTS preload list needs at least one and recommends two. */
const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

export interface SecurityHeadersPolicyProps {
  /** Policy name (letters, digits, `-` and `_`), unique in the account. */
  readonly name: string;
  /**
   * Content-Security-Policy header value.
   * @default SITE_CONTENT_SECURITY_POLICY
   */
  readonly contentSecurityPolicy?: string;
}

const DEFAULTS = {
  contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY,
} satisfies Partial<SecurityHeadersPolicyProps>;

/**
 * A CloudFront response headers policy that adds the browser security headers to every response.
 * `override: true` everywhere: the edge is the single place these headers are decided, whatever the
 * uploaded objects' metadata says.
 */
export class SecurityHeadersPolicy extends Construct {
  readonly policy: CloudfrontResponseHeadersPolicy;
  readonly policyId: string;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    this.policy = new CloudfrontResponseHeadersPolicy(this, 'policy', {
      name: resolved.name,
      comment: 'Security headers of the static site',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        contentSecurityPolicy: { contentSecurityPolicy: resolved.contentSecurityPolicy, override: true },
      },
    });
    this.policyId = this.policy.id;
  }
}
