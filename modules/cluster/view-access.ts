import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Construct } from 'constructs';

/**
 * View of all resources, Secrets included: Helm's state for a release is a Secret
 * (`sh.helm.release.v1.<name>.v<n>`), so `terraform plan` of a helm_release needs to read it.
 * AmazonEKSViewPolicy leaves Secrets out and would make every add-on plan fail.
 */
export const CLUSTER_ADMIN_VIEW_POLICY_ARN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy';

export interface NamespaceViewAccessProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`, so the entry waits for the cluster). */
  readonly clusterName: string;
  /** The IAM principal that gets read-only access, e.g. the CI plan role. */
  readonly principalArn: string;
  /** The only namespaces it may read; nothing cluster-wide. */
  readonly namespaces: readonly string[];
}

/**
 * Read-only access for one principal, scoped to a list of namespaces. Used for the CI plan role:
 * pull-request plans of the add-ons read Helm release state, and nothing else in the cluster.
 */
export class NamespaceViewAccess extends Construct {
  readonly entry: EksAccessEntry;
  readonly association: EksAccessPolicyAssociation;

  constructor(scope: Construct, id: string, props: NamespaceViewAccessProps) {
    super(scope, id);
    const namespaces = [...new Set(props.namespaces)].sort();
    if (namespaces.length === 0) throw new Error('NamespaceViewAccess: namespaces is empty; list the namespaces the principal may read');
    this.entry = new EksAccessEntry(this, 'entry', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: 'STANDARD',
    });
    this.association = new EksAccessPolicyAssociation(this, 'view', {
      clusterName: props.clusterName,
      // The entry's attribute: the association must wait for the entry.
      principalArn: this.entry.principalArn,
      policyArn: CLUSTER_ADMIN_VIEW_POLICY_ARN,
      accessScope: { type: 'namespace', namespaces },
    });
  }
}
