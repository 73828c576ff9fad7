import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { Construct } from 'constructs';

export interface NamespaceViewAccessProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`, so the entry waits for the cluster). */
  readonly clusterName: string;
  /** The IAM principal that gets read-only access, e.g. the CI plan role. */
  readonly principalArn: string;
  /**
   * The Kubernetes group the principal is mapped to, e.g. `qa-dev-plan-readers`. It grants nothing
   * by itself: what the group may read is the RBAC the add-ons stack binds to it
   * (`modules/addons/plan-reader-rbac`). Must not start with `system:` (EKS refuses it).
   */
  readonly kubernetesGroup: string;
  /** The only namespaces the group is bound in (the add-on release namespaces); nothing cluster-wide. */
  readonly namespaces: readonly string[];
}

/**
 * Read-only cluster access for one principal (the CI plan role): an EKS access entry that maps it to
 * a Kubernetes group, and deliberately no EKS access policy. Every built-in access policy that
 * could serve a plan reads Secrets cluster-wide or per namespace (`AmazonEKSAdminViewPolicy`
 * includes them, `argocd-initial-admin-secret` among them) or reads far more than a plan needs
 * (`AmazonEKSViewPolicy`); RBAC made for the group can say exactly what a plan reads and nothing
 * else. See docs/addons-and-gitops.md, "The plan role's cluster access".
 *
 * The construct is the contract between the two stacks: `kubernetesGroup` and `namespaces` are
 * plain strings the add-ons stack reads from this object (no cross-stack output) to make the RBAC.
 */
export class NamespaceViewAccess extends Construct {
  readonly entry: EksAccessEntry;
  readonly kubernetesGroup: string;
  /** Sorted and de-duplicated. */
  readonly namespaces: readonly string[];

  constructor(scope: Construct, id: string, props: NamespaceViewAccessProps) {
    super(scope, id);
    const namespaces = [...new Set(props.namespaces)].sort();
    if (namespaces.length === 0) throw new Error('NamespaceViewAccess: namespaces is empty; list the namespaces the principal may read');
    if (props.kubernetesGroup === '' || props.kubernetesGroup.startsWith('system:')) {
      throw new Error(`NamespaceViewAccess: kubernetesGroup ${JSON.stringify(props.kubernetesGroup)} is empty or starts with "system:"; name a group of your own, e.g. "<cluster>-plan-readers"`);
    }
    this.kubernetesGroup = props.kubernetesGroup;
    this.namespaces = namespaces;
    this.entry = new EksAccessEntry(this, 'entry', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: 'STANDARD',
      kubernetesGroups: [props.kubernetesGroup],
    });
  }
}
