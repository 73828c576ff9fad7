import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyJson, serviceTrustPolicy } from '../shared/policy-document';

export const EKS_CLUSTER_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy';

/** What EKS needs on the secrets key (the set terraform-aws-modules/eks grants). */
export const CLUSTER_KMS_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey', 'kms:CreateGrant'] as const;

export interface ClusterRoleProps {
  /** Cluster name; the role is named `<clusterName>-cluster`. */
  readonly clusterName: string;
  /** ARN of the KMS key that encrypts Kubernetes secrets: the only key the role may use. */
  readonly secretsKeyArn: string;
  /**
   * ARN of the environment's permissions boundary (`permissionsBoundaryArn()`): the role's
   * permissions never exceed it, and the deploy role may create the role only with it.
   */
  readonly permissionsBoundaryArn: string;
}

/** The IAM role the EKS control plane assumes. */
export class ClusterRole extends Construct {
  readonly role: IamRole;
  /**
   * Everything that grants the role its permissions. The cluster must depend on these: Terraform
   * would otherwise create the cluster before the permissions exist, and on destroy delete them
   * first, after which EKS cannot clean up the cluster's network interfaces and deletion hangs.
   */
  readonly permissions: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: `${props.clusterName}-cluster`,
      description: `EKS control plane of ${props.clusterName}`,
      permissionsBoundary: props.permissionsBoundaryArn,
      // sts:TagSession lets EKS pass session tags (needed by some EKS features, e.g. Auto Mode).
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: this.role.name,
      policyArn: EKS_CLUSTER_POLICY_ARN,
    });
    const kmsPolicy = new IamRolePolicy(this, 'secrets-encryption', {
      name: `${props.clusterName}-secrets-encryption`,
      role: this.role.name,
      policy: policyJson({
        Sid: 'EncryptKubernetesSecrets',
        Effect: 'Allow',
        Action: [...CLUSTER_KMS_ACTIONS],
        Resource: props.secretsKeyArn,
      }),
    });
    this.permissions = [clusterPolicy, kmsPolicy];
  }
}
