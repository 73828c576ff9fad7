import { expect } from 'chai';
import { CI_APPLY_ARN, CI_PLAN_ARN, synthCluster } from './cluster-fixture';
import { NamespaceViewAccess } from '../../../modules/cluster/view-access';
import { resourcesOf, synthConstructs } from '../../support/synth';

/** The plan role's access entries, with their logical ids. */
function planEntries(json: ReturnType<typeof synthCluster>): Array<[string, Record<string, any>]> {
  return Object.entries(resourcesOf(json, 'aws_eks_access_entry')).filter(([, e]) => e.principal_arn === CI_PLAN_ARN);
}

describe('NamespaceViewAccess', () => {
  it('maps the CI plan role to the cluster-named plan-readers group, and to no EKS access policy', () => {
    const json = synthCluster();
    const entries = planEntries(json);
    expect(entries).to.have.length(1);
    const [entryId, entry] = entries[0];
    expect(entry.type).to.equal('STANDARD');
    expect(entry.kubernetes_groups).to.deep.equal(['qa-dev-plan-readers']);
    expect(entry.kubernetes_username, 'a username could be bound by RBAC outside the group').to.equal(undefined);
    // Every access policy that could serve a plan reads Secrets (AmazonEKSAdminViewPolicy) or far
    // more than a plan needs: what the group may read is the add-ons stack's RBAC, nothing else.
    const associations = Object.values(resourcesOf(json, 'aws_eks_access_policy_association')).filter(
      (a) => a.principal_arn === CI_PLAN_ARN || a.principal_arn === `\${aws_eks_access_entry.${entryId}.principal_arn}`,
    );
    expect(associations).to.deep.equal([]);
  });

  it('exposes the group and the namespaces (sorted, de-duplicated) for the add-ons stack, as plain strings', () => {
    let access: NamespaceViewAccess | undefined;
    synthCluster({ planNamespaces: ['kube-system', 'argocd', 'kube-system'] }, (_stack, cluster) => {
      access = cluster.planAccess;
    });
    expect(access?.kubernetesGroup).to.equal('qa-dev-plan-readers');
    // Sorted, so reordering the list does not show as a change in plans.
    expect(access?.namespaces).to.deep.equal(['argocd', 'kube-system']);
  });

  it('keeps the apply role on its own, separate, cluster-admin entry', () => {
    const json = synthCluster();
    const apply = Object.values(resourcesOf(json, 'aws_eks_access_entry')).filter((e) => e.principal_arn === CI_APPLY_ARN);
    expect(apply).to.have.length(1);
    expect(apply[0].kubernetes_groups).to.equal(undefined);
  });

  it('refuses an empty namespace list with a message saying what to list', () => {
    expect(() => synthConstructs((stack) => new NamespaceViewAccess(stack, 'v', { clusterName: 'c', principalArn: CI_PLAN_ARN, kubernetesGroup: 'g', namespaces: [] })))
      .to.throw(/namespaces is empty/);
  });

  it('refuses a system: group (EKS rejects it, and system:masters would be cluster-admin)', () => {
    for (const kubernetesGroup of ['system:masters', '']) {
      expect(() => synthConstructs((stack) => new NamespaceViewAccess(stack, 'v', { clusterName: 'c', principalArn: CI_PLAN_ARN, kubernetesGroup, namespaces: ['argocd'] })), kubernetesGroup)
        .to.throw(/kubernetesGroup .* starts with "system:"; name a group of your own/);
    }
  });
});
