import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { expect } from 'chai';
import { actionsOnEveryResource, BOUNDARY_ARN, parseIdentityPolicy, testClusterOidc } from './cluster-oidc';
import { AdotCollectorIdentity } from '../../../modules/identity/adot-collector-identity';
import { metricNamespace } from '../../../modules/shared/naming';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { onlyResource, synthConstructs } from '../../support/synth';

function synth(logGroupCount = 2) {
  return synthConstructs((stack) => {
    const groups = Array.from({ length: logGroupCount }, (_, i) => new CloudwatchLogGroup(stack, `group${i}`, { name: `/g${i}`, retentionInDays: 7 }));
    new AdotCollectorIdentity(stack, 'adot', {
      roleName: 'qa-dev-adot-collector',
      cluster: testClusterOidc(stack),
      permissionsBoundaryArn: BOUNDARY_ARN,
      logGroupArns: groups.map((g) => g.arn),
      metricNamespace: metricNamespace('qa', 'dev'),
    });
  });
}

function statements() {
  return parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role_policy').policy).Statement;
}

describe('modules/identity/adot-collector-identity', () => {
  it('trusts only the collector service account', () => {
    const { namespace, name } = SERVICE_ACCOUNTS.adotCollector;
    const trust = parseIdentityPolicy(onlyResource(synth(), 'aws_iam_role').assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals['<issuer>:sub']).to.equal(`system:serviceaccount:${namespace}:${name}`);
  });

  it('carries the environment\'s permissions boundary', () => {
    expect(onlyResource(synth(), 'aws_iam_role').permissions_boundary).to.equal(BOUNDARY_ARN);
  });

  it('writes traces to X-Ray', () => {
    const xray = statements().find((s) => s.Sid === 'WriteTraces');
    expect(xray?.Action).to.deep.equal(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets']);
    expect(xray?.Resource).to.equal('*');
  });

  it('writes logs only into the given log groups and cannot create groups', () => {
    const logs = statements().find((s) => s.Sid === 'WriteLogs');
    expect(logs?.Action).to.deep.equal(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(logs?.Resource).to.deep.equal([
      '${aws_cloudwatch_log_group.group0.arn}',
      '${aws_cloudwatch_log_group.group0.arn}:*',
      '${aws_cloudwatch_log_group.group1.arn}',
      '${aws_cloudwatch_log_group.group1.arn}:*',
    ]);
    expect(statements().flatMap((s) => s.Action)).not.to.include('logs:CreateLogGroup');
  });

  it('publishes metrics only into the environment namespace', () => {
    const metrics = statements().find((s) => s.Sid === 'PutMetricsInOwnNamespace');
    expect(metrics?.Action).to.equal('cloudwatch:PutMetricData');
    expect(metrics?.Condition).to.deep.equal({ StringEquals: { 'cloudwatch:namespace': 'qa/dev/chatbot' } });
  });

  it('puts on Resource "*" only actions on the allow-list', () => {
    const onStar = actionsOnEveryResource({ Statement: statements() });
    expect(onStar).to.have.length(5);
    expect(onStar.filter((a) => !isWildcardResourceAllowed(a))).to.deep.equal([]);
  });

  it('refuses an empty list of log groups', () => {
    expect(() => synth(0)).to.throw(/logGroupArns must name at least one log group/);
  });
});
