import { expect } from 'chai';
import { actionsOnEveryResource, BOUNDARY_ARN, parseIdentityPolicy, testClusterOidc } from './cluster-oidc';
import { ExternalDnsIdentity, type ExternalDnsIdentityProps, externalDnsRecordNames } from '../../../modules/identity/external-dns-identity';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { onlyResource, synthConstructs } from '../../support/synth';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const ZONE_ARN = `arn:aws:route53:::hostedzone/${ZONE}`;

function synth(overrides: Partial<ExternalDnsIdentityProps> = {}) {
  return synthConstructs((stack) => {
    new ExternalDnsIdentity(stack, 'dns', {
      roleName: 'qa-prod-external-dns',
      cluster: testClusterOidc(stack),
      permissionsBoundaryArn: BOUNDARY_ARN,
      hostedZoneId: ZONE,
      host: 'chat.example.com',
      ...overrides,
    });
  });
}

const statements = () => parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy).Statement;

describe('modules/identity/external-dns-identity', () => {
  it('trusts only the external-dns service account, and carries the permissions boundary', () => {
    const role = onlyResource(synth(), 'aws_iam_role');
    const trust = parseIdentityPolicy(role.assume_role_policy);
    const { namespace, name } = SERVICE_ACCOUNTS.externalDns;
    expect(trust.Statement[0].Condition.StringEquals['<issuer>:sub']).to.equal(`system:serviceaccount:${namespace}:${name}`);
    expect(trust.Statement[0].Condition.StringEquals['<issuer>:aud']).to.equal('sts.amazonaws.com');
    expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
  });

  it('changes records only in the configured zone, only for the chat host and its ownership records', () => {
    const change = statements().filter((s) => [s.Action].flat().includes('route53:ChangeResourceRecordSets'));
    expect(change).to.have.length(1);
    expect(change[0].Resource).to.equal(ZONE_ARN);
    expect(change[0].Condition).to.deep.equal({
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['chat.example.com', 'a-chat.example.com', 'aaaa-chat.example.com', 'cname-chat.example.com'],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA', 'CNAME', 'TXT'],
      },
    });
  });

  it('reads only that zone\'s records; only ListHostedZones (no resource-level permission) is on "*"', () => {
    const read = statements().find((s) => s.Action === 'route53:ListResourceRecordSets');
    expect(read?.Resource).to.equal(ZONE_ARN);
    const policy = { Statement: statements() };
    expect(actionsOnEveryResource(policy)).to.deep.equal(['route53:ListHostedZones']);
    expect(isWildcardResourceAllowed('route53:ListHostedZones')).to.equal(true);
    const actions = statements().flatMap((s) => [s.Action].flat());
    expect(actions).to.have.members(['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListHostedZones']);
  });

  it('names the TXT records the way external-dns v0.21 does (type prefix on the first label, lower case)', () => {
    expect(externalDnsRecordNames('Chat.Dev.Example.com.')).to.deep.equal(['chat.dev.example.com', 'a-chat.dev.example.com', 'aaaa-chat.dev.example.com', 'cname-chat.dev.example.com']);
  });

  it('takes a zone looked up by name (a token) as well as a literal id', () => {
    const json = synthConstructs((stack) => {
      new ExternalDnsIdentity(stack, 'dns', {
        roleName: 'qa-prod-external-dns',
        cluster: testClusterOidc(stack),
        permissionsBoundaryArn: BOUNDARY_ARN,
        hostedZoneId: '${data.aws_route53_zone.zone.zone_id}',
        host: 'chat.example.com',
      });
    });
    expect(parseIdentityPolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement[0].Resource).to.equal('arn:aws:route53:::hostedzone/${data.aws_route53_zone.zone.zone_id}');
  });

  it('refuses a wildcard host and a zone id that is not one, naming the problem', () => {
    expect(() => synth({ host: '*.example.com' })).to.throw(/host "\*\.example\.com" must be one fully qualified name/);
    expect(() => synth({ hostedZoneId: '/hostedzone/Z0123' })).to.throw(/hostedZoneId "\/hostedzone\/Z0123" is not a Route 53 hosted zone id/);
  });
});
