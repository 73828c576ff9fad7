import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type ClusterOidcIdentity, IrsaRole } from './irsa-role';
import { policyJson } from '../shared/policy-document';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

export interface AdotCollectorIdentityProps {
  /** IAM role name, e.g. `qa-dev-adot-collector`. */
  readonly roleName: string;
  /** The cluster's OIDC provider, which the role's trust policy names. */
  readonly cluster: ClusterOidcIdentity;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
  /**
   * ARNs (without `:*`) of the log groups the collector writes to: its logs exporter and the EMF
   * exporter's group (`PlatformLogGroups.logGroupArns`). The groups are created by Terraform with
   * a retention, so the collector gets no `logs:CreateLogGroup`.
   */
  readonly logGroupArns: readonly string[];
  /** The only CloudWatch metric namespace it may publish to, from `metricNamespace()`. */
  readonly metricNamespace: string;
}

/**
 * The IRSA role of the ADOT collector: traces to X-Ray, metrics to one CloudWatch namespace,
 * logs (and EMF metric records) into pre-created log groups.
 */
export class AdotCollectorIdentity extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  /** The role's policies: depend on these before running anything that uses the role. */
  readonly permissions: ReadonlyArray<IamRolePolicy | IamRolePolicyAttachment>;

  constructor(scope: Construct, id: string, props: AdotCollectorIdentityProps) {
    super(scope, id);
    if (props.logGroupArns.length === 0) throw new Error('AdotCollectorIdentity: logGroupArns must name at least one log group');
    if (props.metricNamespace === '') throw new Error('AdotCollectorIdentity: metricNamespace must not be empty');
    const irsa = new IrsaRole(this, 'irsa', {
      roleName: props.roleName,
      cluster: props.cluster,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      serviceAccount: SERVICE_ACCOUNTS.adotCollector,
      policy: policyJson(
        {
          Sid: 'WriteTraces',
          Effect: 'Allow',
          // X-Ray's write and sampling APIs have no resource-level permission.
          Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
          Resource: '*',
        },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          // The group ARN for DescribeLogStreams, `:*` for its streams (CreateLogStream, PutLogEvents).
          Resource: props.logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
        },
        {
          Sid: 'PutMetricsInOwnNamespace',
          Effect: 'Allow',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': props.metricNamespace } },
        },
      ),
    });
    this.role = irsa.role;
    this.roleArn = irsa.role.arn;
    this.permissions = irsa.permissions;
  }
}
