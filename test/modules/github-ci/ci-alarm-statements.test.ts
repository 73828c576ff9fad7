/** The CI roles and the environments' alarms and alarm topics (modules/observability/slo-alarms.ts). */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE, REGIONS } from './ci-scopes';
import { decide, statementsOf } from './iam-analysis';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';

const topic = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
const alarm = (region: string, name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
const SUBSCRIPTION = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('CI roles and alarms', () => {
  const dev = statementsOf(deployPolicies(deployScope('dev')));
  const plan = statementsOf(planPolicies(PLAN_SCOPE));

  it("lets the dev deploy role manage its environment's metric and composite alarms only", () => {
    for (const action of ['cloudwatch:PutMetricAlarm', 'cloudwatch:PutCompositeAlarm', 'cloudwatch:DeleteAlarms']) {
      expect(decide(dev, { action, resource: alarm(REGIONS.dev, 'qa-dev-slo-availability-fast-burn') }), action).to.equal('allow');
      expect(decide(dev, { action, resource: alarm(REGIONS.prod, 'qa-prod-slo-availability-fast-burn') }), `${action} on prod`).not.to.equal('allow');
    }
  });

  it("lets the dev deploy role create its alarm topics and their subscriptions, and no other environment's", () => {
    for (const action of ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:Subscribe', 'sns:TagResource', 'sns:GetTopicAttributes']) {
      expect(decide(dev, { action, resource: topic(REGIONS.dev, 'qa-dev-alarms-page') }), action).to.equal('allow');
      expect(decide(dev, { action, resource: topic(REGIONS.prod, 'qa-prod-alarms-page') }), `${action} on prod`).not.to.equal('allow');
      expect(decide(dev, { action, resource: topic(REGIONS.dev, 'billing-alerts') }), `${action} on another topic`).not.to.equal('allow');
    }
    for (const action of ['sns:Unsubscribe', 'sns:SetSubscriptionAttributes', 'sns:GetSubscriptionAttributes']) {
      expect(decide(dev, { action, resource: `${topic(REGIONS.dev, 'qa-dev-alarms-page')}:${SUBSCRIPTION}` }), action).to.equal('allow');
    }
    expect(decide(dev, { action: 'sns:Publish', resource: topic(REGIONS.dev, 'qa-dev-alarms-page') }), 'publishing is for CloudWatch').not.to.equal('allow');
  });

  it('lets the plan role read every environment\'s alarm topics and change none', () => {
    for (const action of ['sns:GetTopicAttributes', 'sns:ListTagsForResource', 'sns:ListSubscriptionsByTopic']) {
      expect(decide(plan, { action, resource: topic(REGIONS.prod, 'qa-prod-alarms-ticket') }), action).to.equal('allow');
    }
    expect(decide(plan, { action: 'sns:GetSubscriptionAttributes', resource: `${topic(REGIONS.prod, 'qa-prod-alarms-ticket')}:${SUBSCRIPTION}` })).to.equal('allow');
    expect(decide(plan, { action: 'sns:GetTopicAttributes', resource: topic(REGIONS.dev, 'other-team') })).not.to.equal('allow');
    for (const action of ['sns:CreateTopic', 'sns:Subscribe', 'sns:SetTopicAttributes', 'cloudwatch:PutCompositeAlarm']) {
      expect(decide(plan, { action, resource: action.startsWith('sns') ? topic(REGIONS.dev, 'qa-dev-alarms-page') : alarm(REGIONS.dev, 'qa-dev-x') }), action).not.to.equal('allow');
    }
  });
});
