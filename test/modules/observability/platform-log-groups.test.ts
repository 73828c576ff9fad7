import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { PlatformLogGroups } from '../../../modules/observability/platform-log-groups';
import { testEnvironment } from '../../support/environment';
import { resourcesOf, synthConstructs } from '../../support/synth';

function synth(retentionDays = testEnvironment('dev').logRetentionDays) {
  let groups: PlatformLogGroups | undefined;
  const json = synthConstructs((stack) => {
    groups = new PlatformLogGroups(stack, 'logs', { name: 'qa/dev', retentionDays });
    // Fields are tokens until synthesis: an output shows what they resolve to.
    new TerraformOutput(stack, 'arns', { value: groups.logGroupArns });
  });
  return { json, groups: groups! };
}

describe('modules/observability/platform-log-groups', () => {
  it('creates the chatbot, collector and metrics groups, each with the configured retention', () => {
    const all = Object.values(resourcesOf(synth(30).json, 'aws_cloudwatch_log_group'));
    expect(all.map((g) => g.name)).to.have.members(['/qa/dev/chatbot/application', '/qa/dev/otel-collector', '/qa/dev/chatbot/metrics']);
    expect(all.map((g) => g.retention_in_days)).to.deep.equal([30, 30, 30]);
  });

  it('exposes each group and their ARNs for the collector role', () => {
    const { json, groups } = synth();
    expect(groups.chatbotLogGroup.nameInput).to.equal('/qa/dev/chatbot/application');
    expect(groups.collectorLogGroup.nameInput).to.equal('/qa/dev/otel-collector');
    expect(groups.metricsLogGroup.nameInput).to.equal('/qa/dev/chatbot/metrics');
    const arns = json.output?.arns.value as string[];
    expect(arns).to.have.length(3);
    ['chatbot', 'collector', 'metrics'].forEach((group, i) => expect(arns[i]).to.match(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.logs_${group}_\\w+\\.arn\\}$`)));
  });

  it('refuses a retention that is not a positive whole number of days', () => {
    expect(() => synth(0)).to.throw(/retentionDays must be a positive whole number/);
    expect(() => synth(1.5)).to.throw(/retentionDays/);
  });
});
