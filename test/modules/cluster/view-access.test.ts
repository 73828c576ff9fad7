import { expect } from 'chai';
import { CI_APPLY_ARN, CI_PLAN_ARN, synthCluster } from './cluster-fixture';
import { NamespaceViewAccess } from '../../../modules/cluster/view-access';
import { resourcesOf, synthConstructs } from '../../support/synth';

describe('NamespaceViewAccess', () => {
  it('gives the CI plan role read-only access (Secrets included, for Helm state) to the listed namespaces only', () => {
    const json = synthCluster({ planNamespaces: ['kube-system', 'argocd', 'kube-system'] });
    const entries = Object.entries(resourcesOf(json, 'aws_eks_access_entry')).filter(([, e]) => e.principal_arn === CI_PLAN_ARN);
    expect(entries).to.have.length(1);
    const [entryId, entry] = entries[0];
    expect(entry.type).to.equal('STANDARD');
    const associations = Object.values(resourcesOf(json, 'aws_eks_access_policy_association'))
      .filter((a) => a.principal_arn === `\${aws_eks_access_entry.${entryId}.principal_arn}`);
    expect(associations).to.have.length(1);
    expect(associations[0].policy_arn).to.equal('arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy');
    // Sorted and de-duplicated, so reordering the list does not show as a change in plans.
    expect(associations[0].access_scope).to.deep.equal({ type: 'namespace', namespaces: ['argocd', 'kube-system'] });
  });

  it('never gives the plan role a cluster-wide scope or an admin policy', () => {
    const json = synthCluster();
    const planEntryIds = Object.entries(resourcesOf(json, 'aws_eks_access_entry')).filter(([, e]) => e.principal_arn === CI_PLAN_ARN).map(([id]) => id);
    const planAssociations = Object.values(resourcesOf(json, 'aws_eks_access_policy_association'))
      .filter((a) => planEntryIds.some((id) => a.principal_arn === `\${aws_eks_access_entry.${id}.principal_arn}`));
    expect(planAssociations).to.have.length(1);
    for (const a of planAssociations) {
      expect(a.access_scope.type).to.equal('namespace');
      expect(a.policy_arn).to.not.match(/Admin(istrator)?Policy$|ClusterAdmin/);
    }
    // The apply role keeps its own, separate, cluster-admin entry.
    expect(Object.values(resourcesOf(json, 'aws_eks_access_entry')).map((e) => e.principal_arn)).to.include(CI_APPLY_ARN);
  });

  it('refuses an empty namespace list with a message saying what to list', () => {
    expect(() => synthConstructs((stack) => new NamespaceViewAccess(stack, 'v', { clusterName: 'c', principalArn: CI_PLAN_ARN, namespaces: [] })))
      .to.throw(/namespaces is empty/);
  });
});
