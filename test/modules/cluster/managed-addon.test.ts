import { expect } from 'chai';
import { addressOf, synthCluster } from './cluster-fixture';
import { dataOf, parsePolicy, resourcesOf, type TerraformJson } from '../../support/synth';

const ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'aws-ebs-csi-driver'];

/**
 * Parse a policy whose keys hold Terraform expressions: `${replace(x.url, "https://", "")}` is valid
 * inside a Terraform template but its quotes are not valid JSON, so quote them differently first.
 */
function addonAddress(json: TerraformJson, name: string): string {
  return addressOf(json, 'aws_eks_addon', (_id, a) => a.addon_name === name);
}

function addon(json: TerraformJson, name: string): Record<string, any> {
  return resourcesOf(json, 'aws_eks_addon')[addonAddress(json, name).split('.')[1]];
}

describe('managed add-ons of the Cluster', () => {
  const json = synthCluster();
  const nodeGroup = addressOf(json, 'aws_eks_node_group');

  it('installs each core add-on at the default version for the cluster version, owning conflicts', () => {
    expect(Object.values(resourcesOf(json, 'aws_eks_addon')).map((a) => a.addon_name)).to.have.members(ADDONS);
    for (const name of ADDONS) {
      const a = addon(json, name);
      expect(a.cluster_name).to.equal(`\${${addressOf(json, 'aws_eks_cluster')}.name}`);
      expect(a.resolve_conflicts_on_create, name).to.equal('OVERWRITE');
      expect(a.resolve_conflicts_on_update, name).to.equal('OVERWRITE');
      const match = /^\$\{data\.aws_eks_addon_version\.([^.]+)\.version\}$/.exec(a.addon_version);
      expect(match, `${name} addon_version`).to.not.equal(null);
      const version = dataOf(json, 'aws_eks_addon_version')[match![1]];
      expect(version).to.deep.include({ addon_name: name, kubernetes_version: '1.33', most_recent: false });
    }
  });

  const irsaCases = [
    { name: 'vpc-cni', subject: 'system:serviceaccount:kube-system:aws-node', policy: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' },
    {
      name: 'aws-ebs-csi-driver',
      subject: 'system:serviceaccount:kube-system:ebs-csi-controller-sa',
      policy: 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    },
  ];
  for (const { name, subject, policy } of irsaCases) {
    it(`gives ${name} an IRSA role trusting only its service account, ready before the add-on`, () => {
      const a = addon(json, name);
      const roleMatch = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(a.service_account_role_arn);
      expect(roleMatch, `${name} service_account_role_arn`).to.not.equal(null);
      const roleId = roleMatch![1];
      const role = resourcesOf(json, 'aws_iam_role')[roleId];
      const [statement] = parsePolicy(role.assume_role_policy).Statement;
      expect(statement.Action).to.equal('sts:AssumeRoleWithWebIdentity');
      expect(statement.Principal.Federated).to.equal(`\${${addressOf(json, 'aws_iam_openid_connect_provider')}.arn}`);
      const conditions = statement.Condition.StringEquals as Record<string, string>;
      const sub = Object.entries(conditions).find(([key]) => key.endsWith(':sub'));
      expect(sub?.[1]).to.equal(subject);
      expect(sub?.[0]).to.match(/^\$\{local\.[^}]+\}:sub$/);
      const [attachmentId, attachment] = Object.entries(resourcesOf(json, 'aws_iam_role_policy_attachment')).find(
        ([, att]) => att.role === `\${aws_iam_role.${roleId}.name}`,
      )!;
      expect(attachment.policy_arn).to.equal(policy);
      expect(a.depends_on).to.include(`aws_iam_role_policy_attachment.${attachmentId}`);
    });
  }

  it('runs the other add-ons with the node identity (no IRSA role)', () => {
    for (const name of ['kube-proxy', 'coredns', 'eks-pod-identity-agent']) expect(addon(json, name), name).to.not.have.property('service_account_role_arn');
  });

  it('turns on the VPC CNI network policy agent, so NetworkPolicies are enforced', () => {
    expect(JSON.parse(addon(json, 'vpc-cni').configuration_values)).to.deep.equal({ enableNetworkPolicy: 'true' });
    expect(addon(json, 'coredns')).to.not.have.property('configuration_values');
  });

  it('creates vpc-cni before the node group, so nodes start with the IRSA-configured CNI', () => {
    const group = resourcesOf(json, 'aws_eks_node_group')[nodeGroup.split('.')[1]];
    expect(group.depends_on).to.include(addonAddress(json, 'vpc-cni'));
    expect(addon(json, 'vpc-cni').depends_on ?? []).to.not.include(nodeGroup);
  });

  it('creates coredns and the EBS CSI driver after the node group (their Deployments need nodes)', () => {
    expect(addon(json, 'coredns').depends_on).to.include(nodeGroup);
    expect(addon(json, 'aws-ebs-csi-driver').depends_on).to.include(nodeGroup);
  });

  it('does not hold DaemonSet add-ons back until nodes exist', () => {
    for (const name of ['kube-proxy', 'eks-pod-identity-agent']) expect(addon(json, name).depends_on ?? [], name).to.not.include(nodeGroup);
  });
});
