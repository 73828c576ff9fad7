import { expect } from 'chai';
import { VpcFlowLogs } from '../../../modules/network/flow-logs';
import { dataOf, onlyResource, parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';

describe('VpcFlowLogs', () => {
  const json = synthConstructs((stack) => new VpcFlowLogs(stack, 'flow-logs', { name: 'qa-dev', vpcId: 'vpc-0123', retentionDays: 90 }));
  const logGroupId = Object.keys(resourcesOf(json, 'aws_cloudwatch_log_group'))[0];
  const logGroupArn = `\${aws_cloudwatch_log_group.${logGroupId}.arn}`;
  const roleId = Object.keys(resourcesOf(json, 'aws_iam_role'))[0];

  it('creates the log group with the given retention', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).to.include({ name: '/aws/vpc/qa-dev/flow-logs', retention_in_days: 90 });
  });

  it('sends ALL traffic of the VPC to the log group through the role', () => {
    expect(onlyResource(json, 'aws_flow_log')).to.include({
      vpc_id: 'vpc-0123',
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: logGroupArn,
      iam_role_arn: `\${aws_iam_role.${roleId}.arn}`,
    });
  });

  it('lets only the flow-logs service of this account assume the role', () => {
    const accountId = Object.keys(dataOf(json, 'aws_caller_identity'))[0];
    const trust = parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy);
    expect(trust.Statement).to.deep.equal([{
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: ['sts:AssumeRole'],
      Condition: { StringEquals: { 'aws:SourceAccount': `\${data.aws_caller_identity.${accountId}.account_id}` } },
    }]);
  });

  it('scopes the role policy to writing into this log group', () => {
    const policy = onlyResource(json, 'aws_iam_role_policy');
    expect(policy.role).to.equal(`\${aws_iam_role.${roleId}.name}`);
    const statements = parsePolicy(policy.policy).Statement;
    expect(statements).to.have.length(1);
    expect(statements[0].Effect).to.equal('Allow');
    expect(statements[0].Action).to.have.members(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(statements[0].Resource).to.deep.equal([logGroupArn, `${logGroupArn}:*`]);
  });

  it('records only rejected traffic when asked', () => {
    const rejected = synthConstructs((stack) => new VpcFlowLogs(stack, 'flow-logs', { name: 'qa-dev', vpcId: 'vpc-0123', retentionDays: 30, trafficType: 'REJECT' }));
    expect(onlyResource(rejected, 'aws_flow_log').traffic_type).to.equal('REJECT');
  });
});
