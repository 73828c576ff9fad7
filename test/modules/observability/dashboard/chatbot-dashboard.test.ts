import { Testing, TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { alarmArn } from '../../../../modules/observability/alarm-spec';
import { ChatbotDashboard } from '../../../../modules/observability/dashboard/chatbot-dashboard';
import { sloAlarmSpecs } from '../../../../modules/observability/slo-alarm-specs';
import { PlatformStack } from '../../../../stacks/platform-stack';
import { testEnvironment, TEST_ACCOUNT } from '../../../support/environment';
import { onlyResource, resourcesOf, synthConstructs, synthStack } from '../../../support/synth';

describe('modules/observability/dashboard/chatbot-dashboard', () => {
  it('writes the checked body as the dashboard of <prefix>-<env>-chatbot', () => {
    const env = testEnvironment('dev');
    let dashboard: ChatbotDashboard | undefined;
    const json = synthConstructs((stack) => {
      dashboard = new ChatbotDashboard(stack, 'dashboard', { environment: env, alarms: sloAlarmSpecs(env) });
      new TerraformOutput(stack, 'url', { value: dashboard.consoleUrl });
    });
    const resource = onlyResource(json, 'aws_cloudwatch_dashboard');
    expect(resource.dashboard_name).to.equal('qa-dev-chatbot');
    expect(JSON.parse(resource.dashboard_body)).to.deep.equal(dashboard!.body);
    expect(json.output?.url.value).to.equal('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/qa-dev-chatbot');
  });

  it('refuses more notifying alarms than one alarm status widget shows', () => {
    const env = testEnvironment('dev');
    const many = Array.from({ length: 101 }, (_, i) => ({ ...sloAlarmSpecs(env).find((s) => s.severity === 'ticket')!, name: `qa-dev-extra-${i}` }));
    expect(() => synthConstructs((stack) => new ChatbotDashboard(stack, 'dashboard', { environment: env, alarms: many }))).to.throw(/101 notifying alarms, but an alarm status widget shows at most 100/);
  });

  describe('in the platform stack', () => {
    for (const name of ['dev', 'prod'] as const) {
      it(`${name}: has the dashboard, whose alarm widget names exactly the notifying alarms the stack creates`, () => {
        const env = testEnvironment(name);
        const stack = new PlatformStack(Testing.app(), `platform-${name}`, { environment: env });
        const json = synthStack(stack);
        const dashboards = Object.values(resourcesOf(json, 'aws_cloudwatch_dashboard'));
        expect(dashboards.map((d) => d.dashboard_name)).to.deep.equal([`qa-${name}-chatbot`]);
        const body = JSON.parse(dashboards[0].dashboard_body);
        const listed: string[] = body.widgets.find((w: { type: string }) => w.type === 'alarm').properties.alarms;
        const created = [
          ...Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')),
          ...Object.values(resourcesOf(json, 'aws_cloudwatch_composite_alarm')),
        ].filter((alarm) => (alarm.alarm_actions ?? []).length > 0);
        expect(created.length).to.be.greaterThan(5);
        const arn = (alarmName: string) => alarmArn({ region: env.region, accountId: TEST_ACCOUNT }, alarmName);
        expect([...listed].sort()).to.deep.equal(created.map((alarm) => arn(alarm.alarm_name)).sort());
        expect(json.output?.chatbot_dashboard_url.value).to.include(`#dashboards/dashboard/qa-${name}-chatbot`);
      });
    }
  });
});
