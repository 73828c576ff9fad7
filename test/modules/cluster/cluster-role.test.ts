import { expect } from 'chai';
import { CLUSTER_KMS_ACTIONS, ClusterRole } from '../../../modules/cluster/cluster-role';
import { onlyResource, parsePolicy, synthConstructs } from '../../support/synth';

describe('ClusterRole', () => {
  const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-0000-4000-8000-000000000000';
  const boundaryArn = 'arn:aws:iam::111122223333:policy/qa-permissions-boundary-dev';
  const json = synthConstructs((stack) => new ClusterRole(stack, 'cluster-role', { clusterName: 'qa-dev', secretsKeyArn: keyArn, permissionsBoundaryArn: boundaryArn }));

  it('is trusted by EKS only, for AssumeRole and TagSession', () => {
    const role = onlyResource(json, 'aws_iam_role');
    expect(role.name).to.equal('qa-dev-cluster');
    const [statement, ...rest] = parsePolicy(role.assume_role_policy).Statement;
    expect(rest).to.be.empty;
    expect(statement.Principal).to.deep.equal({ Service: 'eks.amazonaws.com' });
    expect(statement.Action).to.have.members(['sts:AssumeRole', 'sts:TagSession']);
  });

  it('carries the environment\'s permissions boundary', () => {
    expect(onlyResource(json, 'aws_iam_role').permissions_boundary).to.equal(boundaryArn);
  });

  it('has the AmazonEKSClusterPolicy attached', () => {
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).to.equal('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
  });

  it('may use the secrets key and no other', () => {
    const { Statement } = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy);
    expect(Statement).to.have.length(1);
    expect(Statement[0].Effect).to.equal('Allow');
    expect(Statement[0].Action).to.have.members([...CLUSTER_KMS_ACTIONS]);
    expect(Statement[0].Action).to.have.members(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey', 'kms:CreateGrant']);
    expect(Statement[0].Resource).to.equal(keyArn);
  });
});
