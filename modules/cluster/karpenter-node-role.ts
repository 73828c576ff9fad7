import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { NodeAccessEntry } from './access-entries';
import { NODE_MANAGED_POLICY_ARNS } from './node-group';
import { karpenterNodeRoleName } from '../shared/karpenter-names';
import { serviceTrustPolicy } from '../shared/policy-document';

export interface KarpenterNodeRoleProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`, so the access entry waits for it). */
  readonly clusterName: string;
  /** The cluster's name as a literal (`qa-dev`): the role is named after it. */
  readonly baseName: string;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
}

/**
 * The IAM role of the nodes Karpenter launches, and the access entry (`EC2_LINUX`) that lets them
 * join the cluster. Its own role, not the managed node group's: the controller may pass this one
 * role and no other (modules/identity/karpenter-controller-policy.ts), and EC2NodeClasses name it
 * (gitops/platform, `spec.role`). Same managed policies as the managed nodes: no
 * AmazonEKS_CNI_Policy, since the VPC CNI has its own IRSA role (modules/cluster/cluster.ts) on
 * these nodes too.
 */
export class KarpenterNodeRole extends Construct {
  readonly role: IamRole;
  readonly roleName: string;
  readonly roleArn: string;
  readonly accessEntry: NodeAccessEntry;
  /** The managed policy attachments: nodes need them from their first boot until they are drained. */
  readonly attachments: readonly IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: KarpenterNodeRoleProps) {
    super(scope, id);
    this.roleName = karpenterNodeRoleName(props.baseName);
    this.role = new IamRole(this, 'role', {
      name: this.roleName,
      description: `Nodes Karpenter launches in EKS cluster ${props.baseName}`,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    this.roleArn = this.role.arn;
    this.attachments = NODE_MANAGED_POLICY_ARNS.map(
      (policyArn, i) => new IamRolePolicyAttachment(this, `policy-${i}`, { role: this.role.name, policyArn }),
    );
    this.accessEntry = new NodeAccessEntry(this, 'access-entry', { clusterName: props.clusterName, nodeRoleArn: this.role.arn });
  }
}
