import { expect } from 'chai';
import { actionsOnEveryResource, BOUNDARY_ARN, parseIdentityPolicy, testClusterOidc } from './cluster-oidc';
import publishedPolicy from '../../../modules/identity/aws-load-balancer-controller-iam-policy.json';
import { LoadBalancerControllerIdentity } from '../../../modules/identity/load-balancer-controller-identity';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { onlyResource, synthConstructs } from '../../support/synth';

function synth() {
  return synthConstructs((stack) => {
    new LoadBalancerControllerIdentity(stack, 'lbc', { roleName: 'qa-dev-aws-load-balancer-controller', cluster: testClusterOidc(stack), permissionsBoundaryArn: BOUNDARY_ARN });
  });
}

describe('modules/identity/load-balancer-controller-identity', () => {
  it('trusts only the controller service account', () => {
    const role = onlyResource(synth(), 'aws_iam_role');
    expect(role.name).to.equal('qa-dev-aws-load-balancer-controller');
    expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
    const { namespace, name } = SERVICE_ACCOUNTS.loadBalancerController;
    const condition = parseIdentityPolicy(role.assume_role_policy).Statement[0].Condition;
    expect(condition).to.deep.equal({
      StringEquals: { '<issuer>:sub': `system:serviceaccount:${namespace}:${name}`, '<issuer>:aud': 'sts.amazonaws.com' },
    });
  });

  it('grants the published policy unchanged, statement for statement', () => {
    const policy = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy);
    expect(policy.Statement).to.have.length(publishedPolicy.Statement.length);
    expect(policy).to.deep.equal(publishedPolicy);
  });

  it('keeps the published file a real upstream policy (no action wildcards, cluster tag conditions present)', () => {
    const actions = publishedPolicy.Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => a.includes('*'))).to.deep.equal([]);
    expect(JSON.stringify(publishedPolicy)).to.include('aws:ResourceTag/elbv2.k8s.aws/cluster');
  });

  it('keeps its mutating "*" actions off the project-wide allow-list (only this role may have them)', () => {
    const policy = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy);
    const onStar = actionsOnEveryResource(policy);
    expect(onStar).to.include('elasticloadbalancing:CreateLoadBalancer');
    expect(isWildcardResourceAllowed('elasticloadbalancing:CreateLoadBalancer')).to.equal(false);
    expect(isWildcardResourceAllowed('ec2:AuthorizeSecurityGroupIngress')).to.equal(false);
  });
});
