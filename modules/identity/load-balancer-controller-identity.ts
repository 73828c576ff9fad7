import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import publishedPolicy from './aws-load-balancer-controller-iam-policy.json';
import { type ClusterOidcIdentity, IrsaRole } from './irsa-role';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

/**
 * The AWS Load Balancer Controller's own IAM policy, kept verbatim in the JSON file beside this one.
 *
 * Source: kubernetes-sigs/aws-load-balancer-controller, `docs/install/iam_policy.json` at tag
 * v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4; the file last changed in 2f6ce5cf).
 * It is Apache-2.0 published data that the project asks users to apply as-is, so it is not
 * rewritten here: upgrading the controller means replacing the file with the release's copy. Its
 * `Resource: "*"` statements (controller-made load balancers, target groups and security groups
 * have no names known in advance; most are scoped by `elbv2.k8s.aws/cluster` tag conditions
 * instead) are listed in modules/shared/wildcard-resource-actions.ts.
 */
export const LOAD_BALANCER_CONTROLLER_POLICY = publishedPolicy;

export interface LoadBalancerControllerIdentityProps {
  /** IAM role name, e.g. `qa-dev-aws-load-balancer-controller`. */
  readonly roleName: string;
  /** The cluster's OIDC provider, which the role's trust policy names. */
  readonly cluster: ClusterOidcIdentity;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
}

/** The IRSA role of the AWS Load Balancer Controller's service account, with the published policy. */
export class LoadBalancerControllerIdentity extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  /** The role's policies: depend on these before running anything that uses the role. */
  readonly permissions: ReadonlyArray<IamRolePolicy | IamRolePolicyAttachment>;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerIdentityProps) {
    super(scope, id);
    const irsa = new IrsaRole(this, 'irsa', {
      roleName: props.roleName,
      cluster: props.cluster,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      serviceAccount: SERVICE_ACCOUNTS.loadBalancerController,
      policy: JSON.stringify(LOAD_BALANCER_CONTROLLER_POLICY),
    });
    this.role = irsa.role;
    this.roleArn = irsa.role.arn;
    this.permissions = irsa.permissions;
  }
}
