/** The CI roles and the environments' CloudWatch dashboards (global: no region in their ARNs). */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE } from './ci-scopes';
import { decide, statementsOf } from './iam-analysis';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';

const dashboard = (name: string) => `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${name}`;

describe('CI roles and dashboards', () => {
  const dev = statementsOf(deployPolicies(deployScope('dev')));
  const plan = statementsOf(planPolicies(PLAN_SCOPE));

  it('lets the dev deploy role create, read and delete its environment\'s dashboards only', () => {
    for (const action of ['cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards']) {
      expect(decide(dev, { action, resource: dashboard('qa-dev-chatbot') }), action).to.equal('allow');
      expect(decide(dev, { action, resource: dashboard('qa-prod-chatbot') }), `${action} on prod`).not.to.equal('allow');
      expect(decide(dev, { action, resource: dashboard('billing') }), `${action} on another dashboard`).not.to.equal('allow');
    }
  });

  it('lets the plan role read every environment\'s dashboard and change none', () => {
    expect(decide(plan, { action: 'cloudwatch:GetDashboard', resource: dashboard('qa-prod-chatbot') })).to.equal('allow');
    expect(decide(plan, { action: 'cloudwatch:GetDashboard', resource: dashboard('other-team') })).not.to.equal('allow');
    expect(decide(plan, { action: 'cloudwatch:PutDashboard', resource: dashboard('qa-dev-chatbot') })).not.to.equal('allow');
  });
});
