import { expect } from 'chai';
import { SecurityHeadersPolicy, SITE_CONTENT_SECURITY_POLICY } from '../../../modules/static-site/security-headers';
import { onlyResource, synthConstructs } from '../../support/synth';

function cspDirectives(csp: string): Record<string, string> {
  return Object.fromEntries(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('SecurityHeadersPolicy', () => {
  const json = synthConstructs((stack) => {
    new SecurityHeadersPolicy(stack, 'headers', { name: 'qa-dev-site-security-headers' });
  });
  const policy = onlyResource(json, 'aws_cloudfront_response_headers_policy');
  const headers = policy.security_headers_config;

  it('is named', () => {
    expect(policy.name).to.equal('qa-dev-site-security-headers');
  });

  it('sends HSTS for two years, with subdomains and preload', () => {
    expect(headers.strict_transport_security).to.deep.equal({
      access_control_max_age_sec: 63072000,
      include_subdomains: true,
      preload: true,
      override: true,
    });
  });

  it('sends nosniff, DENY framing and a strict referrer policy', () => {
    expect(headers.content_type_options).to.deep.equal({ override: true });
    expect(headers.frame_options).to.deep.equal({ frame_option: 'DENY', override: true });
    expect(headers.referrer_policy).to.deep.equal({ referrer_policy: 'strict-origin-when-cross-origin', override: true });
  });

  it('sends a same-origin Content-Security-Policy that forbids framing', () => {
    expect(headers.content_security_policy.override).to.equal(true);
    expect(headers.content_security_policy.content_security_policy).to.equal(SITE_CONTENT_SECURITY_POLICY);
    expect(cspDirectives(SITE_CONTENT_SECURITY_POLICY)).to.deep.equal({
      'default-src': "'self'",
      'connect-src': "'self'",
      'img-src': "'self' data:",
      'style-src': "'self'",
      'script-src': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
    });
  });

  it('takes another Content-Security-Policy', () => {
    const custom = synthConstructs((stack) => {
      new SecurityHeadersPolicy(stack, 'headers', { name: 'x', contentSecurityPolicy: "default-src 'none'" });
    });
    expect(onlyResource(custom, 'aws_cloudfront_response_headers_policy').security_headers_config.content_security_policy.content_security_policy).to.equal(
      "default-src 'none'",
    );
  });
});
