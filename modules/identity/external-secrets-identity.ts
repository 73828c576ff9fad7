import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type ClusterOidcIdentity, IrsaRole } from './irsa-role';
import { policyJson } from '../shared/policy-document';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

export interface ExternalSecretsIdentityProps {
  /** IAM role name, e.g. `qa-dev-external-secrets`. */
  readonly roleName: string;
  /** The cluster's OIDC provider, which the role's trust policy names. */
  readonly cluster: ClusterOidcIdentity;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
  /** Region of the parameters. */
  readonly region: string;
  /** Account of the parameters. */
  readonly accountId: string;
  /** Parameter path the operator may read below, from `parameterPathPrefix()`, e.g. `/qa/dev`. */
  readonly parameterPathPrefix: string;
  /** ARN of the KMS key that encrypts the SecureString parameters (`PlatformParameters.keyArn`). */
  readonly parametersKeyArn: string;
}

/**
 * The IRSA role of External Secrets Operator: read-only access to the environment's parameter
 * path and nothing else.
 *
 * ESO's ParameterStore provider reads one parameter with GetParameter and a `find.path` with
 * GetParametersByPath. `ssm:DescribeParameters` (used only by `find.name`/`find.tags`) is left
 * out on purpose: it has no resource-level permission, so it would list every parameter name in
 * the account; ExternalSecrets here use `remoteRef.key` or `find.path`.
 */
export class ExternalSecretsIdentity extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  /** The role's policies: depend on these before running anything that uses the role. */
  readonly permissions: ReadonlyArray<IamRolePolicy | IamRolePolicyAttachment>;

  constructor(scope: Construct, id: string, props: ExternalSecretsIdentityProps) {
    super(scope, id);
    const prefix = props.parameterPathPrefix;
    if (!prefix.startsWith('/') || prefix.endsWith('/')) {
      throw new Error(`ExternalSecretsIdentity: parameterPathPrefix "${prefix}" must start with "/" and not end with one (use parameterPathPrefix())`);
    }
    const parameterArn = `arn:aws:ssm:${props.region}:${props.accountId}:parameter${prefix}`;
    const irsa = new IrsaRole(this, 'irsa', {
      roleName: props.roleName,
      cluster: props.cluster,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      serviceAccount: SERVICE_ACCOUNTS.externalSecrets,
      policy: policyJson(
        {
          Sid: 'ReadEnvironmentParameters',
          Effect: 'Allow',
          Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
          // The bare path too: GetParametersByPath is authorized against the path it is asked for,
          // so `find.path: /qa/dev` needs it; `/*` covers every parameter below.
          Resource: [parameterArn, `${parameterArn}/*`],
        },
        {
          Sid: 'DecryptParametersThroughSsm',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.parametersKeyArn,
          // Only SSM may use the key on the operator's behalf: the role cannot decrypt arbitrary
          // ciphertext with it directly.
          Condition: { StringEquals: { 'kms:ViaService': `ssm.${props.region}.amazonaws.com` } },
        },
      ),
    });
    this.role = irsa.role;
    this.roleArn = irsa.role.arn;
    this.permissions = irsa.permissions;
  }
}
