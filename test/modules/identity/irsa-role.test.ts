import { expect } from 'chai';
import { BOUNDARY_ARN, parseIdentityPolicy, PROVIDER_ARN, testClusterOidc } from './cluster-oidc';
import { IrsaRole } from '../../../modules/identity/irsa-role';
import { onlyResource, resourcesOf, synthConstructs } from '../../support/synth';

const SERVICE_ACCOUNT = { namespace: 'team', name: 'worker' };

describe('modules/identity/irsa-role', () => {
  it('trusts exactly one service account and the STS audience of the cluster OIDC provider', () => {
    const json = synthConstructs((stack) => {
      new IrsaRole(stack, 'irsa', { roleName: 'qa-dev-worker', cluster: testClusterOidc(stack), serviceAccount: SERVICE_ACCOUNT, permissionsBoundaryArn: BOUNDARY_ARN });
    });
    const role = onlyResource(json, 'aws_iam_role');
    expect(role.name).to.equal('qa-dev-worker');
    expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
    const trust = parseIdentityPolicy(role.assume_role_policy);
    expect(trust.Statement).to.have.length(1);
    expect(trust.Statement[0]).to.deep.equal({
      Effect: 'Allow',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          '<issuer>:sub': 'system:serviceaccount:team:worker',
          '<issuer>:aud': 'sts.amazonaws.com',
        },
      },
    });
  });

  it('attaches the inline policy to the role when one is given, and lists it in permissions', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    let irsa: IrsaRole | undefined;
    const json = synthConstructs((stack) => {
      irsa = new IrsaRole(stack, 'irsa', { roleName: 'qa-dev-worker', cluster: testClusterOidc(stack), serviceAccount: SERVICE_ACCOUNT, permissionsBoundaryArn: BOUNDARY_ARN, policy });
    });
    expect(irsa!.permissions.map((p) => p.constructor.name)).to.deep.equal(['IamRolePolicy']);
    const inline = onlyResource(json, 'aws_iam_role_policy');
    expect(inline.name).to.equal('qa-dev-worker-policy');
    expect(inline.role).to.match(/^\$\{aws_iam_role\.[\w-]+\.name\}$/);
    expect(inline.policy).to.equal(policy);
  });

  it('creates no inline policy without one, and one attachment per managed policy', () => {
    const managed = ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'];
    let irsa: IrsaRole | undefined;
    const json = synthConstructs((stack) => {
      irsa = new IrsaRole(stack, 'irsa', { roleName: 'r', cluster: testClusterOidc(stack), serviceAccount: SERVICE_ACCOUNT, permissionsBoundaryArn: BOUNDARY_ARN, managedPolicyArns: managed });
    });
    expect(irsa!.permissions).to.have.length(2);
    expect(resourcesOf(json, 'aws_iam_role_policy')).to.deep.equal({});
    const attachments = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'));
    expect(attachments.map((a) => a.policy_arn)).to.have.members(managed);
  });
});
