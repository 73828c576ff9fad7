import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { karpenterControllerStatements } from './karpenter-controller-policy';
import { podIdentityTrustPolicy } from './pod-identity-trust';
import { karpenterControllerRoleName } from '../shared/karpenter-names';
import { policyJson } from '../shared/policy-document';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

export interface KarpenterControllerIdentityProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`, so the association waits for it). */
  readonly clusterName: string;
  /** The cluster's name as a literal (`qa-dev`): role name and condition keys are built from it. */
  readonly baseName: string;
  readonly region: string;
  readonly accountId: string;
  /** ARN of the node role, the only role the controller may pass to EC2. */
  readonly nodeRoleArn: string;
  /** ARN of the interruption queue the controller reads. */
  readonly interruptionQueueArn: string;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
}

/**
 * The Karpenter controller's AWS identity through EKS Pod Identity: a role only the Pod Identity
 * agent may assume, for the controller's service account in this cluster, with the policy of
 * modules/identity/karpenter-controller-policy.ts.
 */
export class KarpenterControllerIdentity extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly association: EksPodIdentityAssociation;
  /** The role's policy: the controller must not start before it exists, nor lose it before its nodes are gone. */
  readonly permissions: readonly IamRolePolicy[];

  constructor(scope: Construct, id: string, props: KarpenterControllerIdentityProps) {
    super(scope, id);
    const account = SERVICE_ACCOUNTS.karpenter;
    const { namespace, name } = account;
    const roleName = karpenterControllerRoleName(props.baseName);
    this.role = new IamRole(this, 'role', {
      name: roleName,
      description: `Pod Identity role of ${namespace}/${name}: Karpenter controller of ${props.baseName}`,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicy: podIdentityTrustPolicy({ accountId: props.accountId, clusterName: props.baseName, serviceAccount: account }),
    });
    const policy = new IamRolePolicy(this, 'policy', {
      name: `${roleName}-policy`,
      role: this.role.name,
      policy: policyJson(
        ...karpenterControllerStatements({
          clusterName: props.baseName,
          region: props.region,
          accountId: props.accountId,
          nodeRoleArn: props.nodeRoleArn,
          interruptionQueueArn: props.interruptionQueueArn,
        }),
      ),
    });
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace,
      serviceAccount: name,
      roleArn: this.role.arn,
      // The trust policy checks the session tags; keep them on explicitly.
      disableSessionTags: false,
    });
    this.roleArn = this.role.arn;
    this.permissions = [policy];
  }
}
