import { expect } from 'chai';
import { actionsOnEveryResource, BOUNDARY_ARN, parseIdentityPolicy, testClusterOidc } from './cluster-oidc';
import { ExternalSecretsIdentity, type ExternalSecretsIdentityProps } from '../../../modules/identity/external-secrets-identity';
import { parameterPathPrefix } from '../../../modules/shared/naming';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { onlyResource, synthConstructs } from '../../support/synth';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-0000-4000-8000-000000000000';

function synth(overrides: Partial<ExternalSecretsIdentityProps> = {}) {
  return synthConstructs((stack) => {
    new ExternalSecretsIdentity(stack, 'eso', {
      roleName: 'qa-dev-external-secrets',
      cluster: testClusterOidc(stack),
      permissionsBoundaryArn: BOUNDARY_ARN,
      region: 'eu-west-1',
      accountId: '111122223333',
      parameterPathPrefix: parameterPathPrefix('qa', 'dev'),
      parametersKeyArn: KEY_ARN,
      ...overrides,
    });
  });
}

describe('modules/identity/external-secrets-identity', () => {
  it('trusts only the External Secrets service account', () => {
    const { namespace, name } = SERVICE_ACCOUNTS.externalSecrets;
    const trust = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role').assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals['<issuer>:sub']).to.equal(`system:serviceaccount:${namespace}:${name}`);
    expect(trust.Statement[0].Condition.StringEquals['<issuer>:aud']).to.equal('sts.amazonaws.com');
  });

  it('carries the environment\'s permissions boundary', () => {
    expect(onlyResource(synth(), 'aws_iam_role').permissions_boundary).to.equal(BOUNDARY_ARN);
  });

  it('reads parameters only below the environment path', () => {
    const [read] = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy).Statement;
    expect(read.Effect).to.equal('Allow');
    expect(read.Action).to.deep.equal(['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
    expect(read.Resource).to.deep.equal([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/qa/dev',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/qa/dev/*',
    ]);
  });

  it('decrypts with the parameters key only through SSM in its region', () => {
    const statements = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy).Statement;
    expect(statements).to.have.length(2);
    expect(statements[1]).to.deep.include({
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
    });
  });

  it('grants nothing on Resource "*" and no write action', () => {
    const policy = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy);
    expect(actionsOnEveryResource(policy)).to.deep.equal([]);
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions.filter((a: string) => /Put|Delete|Encrypt/.test(a))).to.deep.equal([]);
  });

  it('rejects a path prefix that is not an absolute path without a trailing slash', () => {
    expect(() => synth({ parameterPathPrefix: 'qa/dev' })).to.throw(/parameterPathPrefix "qa\/dev"/);
    expect(() => synth({ parameterPathPrefix: '/qa/dev/' })).to.throw(/parameterPathPrefix/);
  });
});
