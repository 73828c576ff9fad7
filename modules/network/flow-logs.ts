import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyJson } from '../shared/policy-document';

export type FlowLogTrafficType = 'ALL' | 'ACCEPT' | 'REJECT';

export interface VpcFlowLogsProps {
  /** Base name, e.g. `qa-dev`: the log group is `/aws/vpc/<name>/flow-logs`. */
  readonly name: string;
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** Retention of the log group, in days (a value CloudWatch accepts). */
  readonly retentionDays: number;
  /**
   * Which traffic to record.
   * @default 'ALL' (rejected flows show attacks, accepted ones explain what a workload talks to)
   */
  readonly trafficType?: FlowLogTrafficType;
}

const DEFAULTS = { trafficType: 'ALL' as FlowLogTrafficType };

const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/**
 * VPC flow logs delivered to CloudWatch Logs through a role that may write to this one log group
 * and nothing else.
 */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const { name, vpcId, retentionDays, trafficType } = { ...DEFAULTS, ...props };

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/vpc/${name}/flow-logs`,
      retentionInDays: retentionDays,
    });

    const account = new DataAwsCallerIdentity(this, 'account');
    this.role = new IamRole(this, 'role', {
      name: `${name}-vpc-flow-logs`,
      description: `Delivers the flow logs of VPC ${name} to CloudWatch Logs`,
      // Same statement serviceTrustPolicy() renders, plus aws:SourceAccount: the flow-logs service
      // may only assume the role on behalf of this account (confused-deputy protection, see
      // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html).
      assumeRolePolicy: policyJson({
        Effect: 'Allow',
        Principal: { Service: FLOW_LOGS_SERVICE },
        Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
      }),
    });
    // The log group exists (Terraform creates it), so the service needs no CreateLogGroup; the
    // ARN attribute has no trailing `:*`, which log-stream actions need to match streams.
    const logGroupArn = this.logGroup.arn;
    new IamRolePolicy(this, 'policy', {
      name: `${name}-vpc-flow-logs`,
      role: this.role.name,
      policy: policyJson({
        Sid: 'WriteFlowLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      }),
    });

    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId,
      trafficType,
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroupArn,
      iamRoleArn: this.role.arn,
      tags: { Name: `${name}-flow-logs` },
    });
  }
}
