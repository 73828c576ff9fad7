import { TerraformVariable } from 'cdktf';
import { expect } from 'chai';
import { ADMIN_ARN, CI_APPLY_ARN, CI_PLAN_ARN, synthCluster } from './cluster-fixture';
import { ClusterAdminAccess } from '../../../modules/cluster/access-entries';
import { testEnvironment } from '../../support/environment';
import { resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

/** Access entries other than the plan role's read-only one (view-access.test.ts covers that). */
function entriesByPrincipal(json: TerraformJson): Map<string, { id: string; entry: Record<string, any> }> {
  const entries = Object.entries(resourcesOf(json, 'aws_eks_access_entry')).filter(([, entry]) => entry.principal_arn !== CI_PLAN_ARN);
  return new Map(entries.map(([id, entry]) => [entry.principal_arn as string, { id, entry }]));
}

function adminAssociationOf(json: TerraformJson, entryId: string): Record<string, any>[] {
  const ref = `\${aws_eks_access_entry.${entryId}.principal_arn}`;
  return Object.values(resourcesOf(json, 'aws_eks_access_policy_association')).filter((a) => a.principal_arn === ref);
}

describe('ClusterAdminAccess', () => {
  it('gives every configured admin and the CI apply role a standard entry with cluster-wide admin', () => {
    const json = synthCluster();
    const entries = entriesByPrincipal(json);
    expect([...entries.keys()]).to.have.members([ADMIN_ARN, CI_APPLY_ARN]);
    for (const { id, entry } of entries.values()) {
      expect(entry.type).to.equal('STANDARD');
      expect(entry.cluster_name).to.match(/^\$\{aws_eks_cluster\.[^.]+\.name\}$/);
      const associations = adminAssociationOf(json, id);
      expect(associations, id).to.have.length(1);
      expect(associations[0].policy_arn).to.equal(ADMIN_POLICY);
      expect(associations[0].access_scope).to.deep.equal({ type: 'cluster' });
    }
  });

  it('creates one entry when the CI role is also a configured admin', () => {
    const config = testEnvironment('dev', {
      cluster: {
        version: '1.33',
        publicEndpointCidrs: ['0.0.0.0/0'],
        adminPrincipalArns: [ADMIN_ARN, CI_APPLY_ARN, ADMIN_ARN],
        nodeGroup: { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 4 },
      },
    }).cluster;
    const json = synthCluster({ config });
    expect(entriesByPrincipal(json).size).to.equal(2);
    expect(Object.values(resourcesOf(json, 'aws_eks_access_policy_association')).filter((a) => a.policy_arn === ADMIN_POLICY)).to.have.length(2);
  });

  it('keeps an entry\'s logical id when the list is reordered, so no one loses access', () => {
    const other = 'arn:aws:iam::444455556666:role/Other';
    const ids = (arns: string[]) => {
      const json = synthConstructs((stack) => new ClusterAdminAccess(stack, 'access', { clusterName: 'qa-dev', principalArns: arns }));
      return entriesByPrincipal(json).get(ADMIN_ARN)!.id;
    };
    expect(ids([ADMIN_ARN, other])).to.equal(ids([other, ADMIN_ARN]));
  });

  it('rejects a reference instead of a literal ARN', () => {
    expect(() =>
      synthConstructs((stack) => {
        new ClusterAdminAccess(stack, 'access', { clusterName: 'qa-dev', principalArns: ['${aws_iam_role.x.arn}'] });
      }),
    ).to.throw(/not an IAM principal ARN/);
    expect(() =>
      synthConstructs((stack) => {
        const arn = new TerraformVariable(stack, 'arn', { type: 'string' }).stringValue;
        new ClusterAdminAccess(stack, 'access', { clusterName: 'qa-dev', principalArns: [arn] });
      }),
    ).to.throw(/must be literal strings/);
  });
});
