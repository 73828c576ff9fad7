/**
 * The `edge:` section of config/<env>.yaml: each DNS x sign-in x environment combination that is
 * valid resolves to the typed value constructs take; production without HTTPS, WAF or spend limits
 * is refused naming the field; mixed-up provider fields are named.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../stacks/config';
import { COMBINATIONS, rawAuth, rawDns } from '../modules/edge/edge-matrix';
import { configProblems, environmentProblems, rawEnvironment, rawProject, testEnvironment } from '../support/environment';

const PROD_EDGE = (rawEnvironment('prod').edge ?? {}) as Record<string, unknown>;

const problemsOf = (env: 'dev' | 'prod', edge: unknown) => environmentProblems(env, { edge });
const resolved = (env: 'dev' | 'prod', edge: unknown) => testEnvironment(env, { edge }).edge;

describe('stacks/config edge section', () => {
  describe('every DNS x sign-in x environment combination', () => {
    for (const c of COMBINATIONS) {
      it(`resolves ${c.label}`, () => {
        const edge = resolved(c.env, c.edge);
        expect(edge.domain).to.equal(c.domain);
        expect(edge.dns.provider).to.equal(c.dns);
        expect(edge.auth.provider).to.equal(c.auth);
        expect(edge.waf).to.deep.equal({
          enabled: true,
          rateLimitPer5MinPerIp: 1000,
          managedRuleGroups: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'],
          bodySizeLimitBytes: 65536,
        });
        if (edge.auth.provider === 'cognito') {
          expect(edge.auth).to.deep.equal({
            provider: 'cognito',
            mfa: 'optional',
            selfSignUp: false,
            advancedSecurity: c.env === 'prod' ? 'enforced' : 'off',
            domainPrefix: `qa-${c.env}-chat-111122223333`,
          });
        }
        if (edge.dns.provider === 'cloudflare') expect(edge.dns.apiTokenParameter).to.equal(`/qa/${c.env}/edge/cloudflare-api-token`);
      });
    }
  });

  describe('production needs HTTPS, WAF and spend limits, and says which field is missing', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['no domain (no TLS)', { ...PROD_EDGE, domain: undefined, dns: { provider: 'none' } }, /prod\.yaml: edge\.domain: production serves the chatbot over HTTPS only/],
      ['WAF off', { ...PROD_EDGE, waf: { enabled: false } }, /prod\.yaml: edge\.waf\.enabled: production puts an AWS WAF web ACL/],
      ['a baseline rule group left out', { ...PROD_EDGE, waf: { managedRuleGroups: ['AWSManagedRulesCommonRuleSet'] } }, /edge\.waf\.managedRuleGroups: .*add AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList/],
      ['threat protection off', { ...PROD_EDGE, auth: { provider: 'cognito', advancedSecurity: 'off' } }, /edge\.auth\.advancedSecurity: production user pools keep threat protection on/],
      ['no daily token budget', { ...PROD_EDGE, dailyTokenBudget: undefined }, /edge\.dailyTokenBudget: production caps the tokens/],
      ['no Bedrock budget', { ...PROD_EDGE, bedrockMonthlyBudgetUsd: undefined }, /edge\.bedrockMonthlyBudgetUsd: production gets an AWS Budgets alert/],
      ['no edge section at all', {}, /edge\.domain: production serves the chatbot over HTTPS only/],
    ];
    for (const [what, edge, expected] of cases) {
      it(`refuses ${what}`, () => expect(problemsOf('prod', edge).join('\n')).to.match(expected));
    }

    it('takes TLS validated by hand (Cloudflare or no DNS provider) as TLS', () => {
      expect(problemsOf('prod', { ...PROD_EDGE, dns: { provider: 'none' } })).to.deep.equal([]);
      expect(problemsOf('prod', { ...PROD_EDGE, dns: rawDns('cloudflare', 'prod') })).to.deep.equal([]);
    });
  });

  describe('dev', () => {
    it('runs without a domain (plain HTTP; the synth warns), WAF on by default', () => {
      const edge = resolved('dev', {});
      expect(edge.domain).to.equal(undefined);
      expect(edge.waf.enabled).to.equal(true);
      expect(edge.dailyTokenBudget).to.equal(undefined);
    });

    it('needs a domain for sign-in (the ALB authenticates on HTTPS only) and for a DNS provider', () => {
      expect(problemsOf('dev', { auth: { provider: 'cognito' } }).join('\n')).to.match(/dev\.yaml: edge\.domain: auth\.provider: cognito needs edge\.domain: the ALB signs users in only on an HTTPS listener/);
      expect(problemsOf('dev', { dns: rawDns('route53', 'dev') }).join('\n')).to.match(/edge\.domain: dns\.provider: route53 publishes the chat host's record/);
    });
  });

  describe('provider fields', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a Route 53 zone given twice', { domain: 'chat.example.com', dns: { provider: 'route53', hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' } }, /edge\.dns: with provider: route53 set exactly one of hostedZoneId/],
      ['a Route 53 zone not given', { domain: 'chat.example.com', dns: { provider: 'route53' } }, /edge\.dns: with provider: route53 set exactly one of hostedZoneId/],
      ['a host outside the zone', { domain: 'chat.example.org', dns: { provider: 'route53', zoneName: 'example.com' } }, /edge\.domain: chat\.example\.org is not inside the hosted zone example\.com/],
      ['a Cloudflare field under route53', { domain: 'chat.example.com', dns: { provider: 'route53', zoneName: 'example.com', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' } }, /edge\.dns\.zoneId: belongs to dns\.provider: cloudflare, not route53/],
      ['a Cloudflare zone without its token', { domain: 'chat.example.com', dns: { provider: 'cloudflare', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' } }, /edge\.dns\.apiTokenParameter: is required with dns\.provider: cloudflare/],
      ['a token outside the environment\'s parameter path', { domain: 'chat.example.com', dns: { provider: 'cloudflare', zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiTokenParameter: '/shared/cloudflare' } }, /edge\.dns\.apiTokenParameter: \/shared\/cloudflare is outside \/qa\/dev\/, the only path External Secrets may read/],
      ['an OIDC IdP without its endpoints', { domain: 'chat.example.com', auth: { provider: 'oidc', issuer: 'https://login.example.com' } }, /edge\.auth\.tokenEndpoint: is required with auth\.provider: oidc/],
      ['an OIDC endpoint over http', { domain: 'chat.example.com', auth: { ...rawAuth('oidc', 'dev'), tokenEndpoint: 'http://login.example.com/token' } }, /edge\.auth\.tokenEndpoint: tokenEndpoint must be an https:\/\/ URL/],
      ['a Cognito setting under oidc', { domain: 'chat.example.com', auth: { ...rawAuth('oidc', 'dev'), mfa: 'on' } }, /edge\.auth\.mfa: belongs to auth\.provider: cognito, not oidc/],
      ['a Cognito domain prefix Cognito refuses', { domain: 'chat.example.com', auth: { provider: 'cognito', domainPrefix: 'my-aws-chat' } }, /edge\.auth\.domainPrefix: Cognito refuses domain prefixes containing "aws"/],
      ['a misspelled provider', { dns: { provider: 'route-53' } }, /edge\.dns\.provider: expected one of "route53", "cloudflare", "none".*did you mean route53\?/],
      ['a misspelled key', { waf: { rateLimitPer5Min: 100 } }, /edge\.waf\.rateLimitPer5Min: unknown key; did you mean rateLimitPer5MinPerIp\?/],
      ['a rate limit under WAF\'s minimum', { waf: { rateLimitPer5MinPerIp: 5 } }, /edge\.waf\.rateLimitPer5MinPerIp: AWS WAF rate-based rules take at least 10/],
      ['a body limit the chatbot refuses', { waf: { bodySizeLimitBytes: 100 } }, /edge\.waf\.bodySizeLimitBytes: at least 1024 bytes/],
      ['an unknown managed rule group', { waf: { managedRuleGroups: ['AWSManagedRulesBotControlRuleSet'] } }, /edge\.waf\.managedRuleGroups\.0: managed rule groups must be among/],
    ];
    for (const [what, edge, expected] of cases) {
      it(`names ${what}`, () => expect(problemsOf('dev', edge).join('\n')).to.match(expected));
    }

    it('derives a Cognito domain prefix Cognito accepts, or asks for one', () => {
      const problems = configProblems({ project: rawProject({ namePrefix: 'aws-qa' }), dev: rawEnvironment('dev', { edge: { domain: 'chat.example.com', auth: { provider: 'cognito' } } }) });
      expect(problems.join('\n')).to.match(/edge\.auth\.domainPrefix: the default aws-qa-dev-chat-111122223333 contains "aws"/);
    });
  });

  it('the committed config/: prod on HTTPS with Route 53, WAF, Cognito and spend limits; dev on plain HTTP', () => {
    const project = loadConfig(join(__dirname, '../../config'));
    const prod = project.environments.find((e) => e.name === 'prod')!.edge;
    expect(prod.domain).to.equal('chat.example.com');
    expect(prod.dns.provider).to.equal('route53');
    expect(prod.auth).to.include({ provider: 'cognito', selfSignUp: false, advancedSecurity: 'enforced' });
    expect(prod.waf.enabled).to.equal(true);
    expect(prod.dailyTokenBudget).to.be.greaterThan(0);
    const dev = project.environments.find((e) => e.name === 'dev')!.edge;
    expect(dev.domain).to.equal(undefined);
  });
});
