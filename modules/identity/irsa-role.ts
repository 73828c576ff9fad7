import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyJson } from '../shared/policy-document';
import type { ServiceAccountRef } from '../shared/service-accounts';

/** The cluster's IAM OIDC provider, as IRSA trust policies need it. */
export interface ClusterOidcIdentity {
  /** ARN of the `aws_iam_openid_connect_provider`. */
  readonly oidcProviderArn: string;
  /** Issuer host and path without `https://` (the prefix of the `:sub` and `:aud` condition keys). */
  readonly oidcIssuerHost: string;
}

export interface IrsaRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  readonly cluster: ClusterOidcIdentity;
  /** The one service account that may assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /**
   * ARN of the environment's permissions boundary (`permissionsBoundaryArn()`): the role's
   * permissions never exceed it, and the deploy role may create the role only with it.
   */
  readonly permissionsBoundaryArn: string;
  /** Inline policy (JSON); omit when the role only needs managed policies. */
  readonly policy?: string;
  /**
   * AWS managed policies to attach.
   * @default []
   */
  readonly managedPolicyArns?: readonly string[];
}

/**
 * An IAM role for a Kubernetes service account (IRSA). The trust policy names one service account
 * and the STS audience exactly (`StringEquals`, never `StringLike`), so no other pod can assume it.
 */
export class IrsaRole extends Construct {
  readonly role: IamRole;
  /** The role's policies: depend on these (not only the role) before using its permissions. */
  readonly permissions: Array<IamRolePolicy | IamRolePolicyAttachment>;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const { oidcProviderArn, oidcIssuerHost } = props.cluster;
    const { namespace, name } = props.serviceAccount;
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `IRSA role of ${namespace}/${name}`,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicy: policyJson({
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${oidcIssuerHost}:sub`]: `system:serviceaccount:${namespace}:${name}`,
            [`${oidcIssuerHost}:aud`]: 'sts.amazonaws.com',
          },
        },
      }),
    });
    this.permissions = (props.managedPolicyArns ?? []).map(
      (policyArn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn }),
    );
    if (props.policy !== undefined) {
      this.permissions.push(new IamRolePolicy(this, 'policy', { name: `${props.roleName}-policy`, role: this.role.name, policy: props.policy }));
    }
  }
}
