import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Token } from 'cdktf';
import { Construct } from 'constructs';

export const CLUSTER_ADMIN_POLICY_ARN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

export interface ClusterAdminAccessProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`, so entries wait for the cluster). */
  readonly clusterName: string;
  /**
   * IAM principals that get cluster-admin. Literal ARNs; duplicates are dropped.
   */
  readonly principalArns: readonly string[];
}

/** One access entry and its cluster-admin association. */
export interface ClusterAdminGrant {
  readonly entry: EksAccessEntry;
  readonly association: EksAccessPolicyAssociation;
}

/**
 * Cluster-admin for a list of IAM principals through EKS access entries (authentication mode API,
 * no aws-auth ConfigMap).
 */
export class ClusterAdminAccess extends Construct {
  /** Grants keyed by principal ARN. */
  readonly grants: ReadonlyMap<string, ClusterAdminGrant>;

  constructor(scope: Construct, id: string, props: ClusterAdminAccessProps) {
    super(scope, id);
    const grants = new Map<string, ClusterAdminGrant>();
    for (const principalArn of new Set(props.principalArns)) {
      const entryId = accessEntryId(principalArn);
      const entry = new EksAccessEntry(this, entryId, {
        clusterName: props.clusterName,
        principalArn,
        type: 'STANDARD',
      });
      const association = new EksAccessPolicyAssociation(this, `${entryId}-admin`, {
        clusterName: props.clusterName,
        // The entry's attribute, not the literal ARN: the association must wait for the entry.
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY_ARN,
        accessScope: { type: 'cluster' },
      });
      grants.set(principalArn, { entry, association });
    }
    this.grants = grants;
  }
}

/**
 * Logical id derived from the ARN (not the list position), so reordering or removing one admin
 * does not replace, and briefly revoke, everyone else's access.
 */
function accessEntryId(principalArn: string): string {
  if (Token.isUnresolved(principalArn)) {
    throw new Error(
      'ClusterAdminAccess: principal ARNs must be literal strings (use ciRoleArn() from modules/shared/naming.ts ' +
        'instead of a reference), so duplicates can be dropped and logical ids stay stable',
    );
  }
  const arnParts = principalArn.split(':');
  if (arnParts.length < 6 || arnParts[0] !== 'arn') {
    throw new Error(`ClusterAdminAccess: "${principalArn}" is not an IAM principal ARN (arn:aws:iam::<account>:role/<name>)`);
  }
  // account + resource, e.g. "111122223333-role-PlatformAdmin"
  return arnParts.slice(4).join('-').replace(/[^A-Za-z0-9_-]/g, '-');
}

export interface NodeAccessEntryProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`). */
  readonly clusterName: string;
  /** ARN of the role the nodes' instance profile carries. */
  readonly nodeRoleArn: string;
}

/**
 * Lets EC2 Linux nodes whose instances carry `nodeRoleArn` join the cluster (access entry of type
 * `EC2_LINUX`: EKS maps it to `system:node:{{EC2PrivateDNSName}}` in `system:nodes`). Managed node
 * groups get theirs from EKS; nodes that Karpenter launches need this one.
 */
export class NodeAccessEntry extends Construct {
  readonly entry: EksAccessEntry;

  constructor(scope: Construct, id: string, props: NodeAccessEntryProps) {
    super(scope, id);
    // No kubernetes_groups or policies: EKS allows neither for EC2_LINUX, and the node authorizer
    // decides what a node may do.
    this.entry = new EksAccessEntry(this, 'entry', { clusterName: props.clusterName, principalArn: props.nodeRoleArn, type: 'EC2_LINUX' });
  }
}
