/**
 * Node autoscaling in the CI roles and the permissions boundary: the deploy role manages its own
 * interruption queue, rules and the discovery tag on its own cluster's security group, nothing of
 * another environment; the plan role reads them; and the boundary lets the Karpenter controller do
 * exactly what its policy grants, inside the environment.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE } from './ci-scopes';
import { decide, statementsOf, type IamRequest } from './iam-analysis';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';
import { permissionsBoundaryStatements } from '../../../modules/github-ci/permissions-boundary';
import { karpenterControllerStatements } from '../../../modules/identity/karpenter-controller-policy';

const dev = statementsOf(deployPolicies(deployScope('dev')));
const plan = statementsOf(planPolicies(PLAN_SCOPE));
const allowed = (statements: typeof dev, request: IamRequest) => decide(statements, request) === 'allow';
const queue = (name: string, region = 'eu-west-1') => `arn:aws:sqs:${region}:${ACCOUNT}:${name}`;
const rule = (name: string, region = 'eu-west-1') => `arn:aws:events:${region}:${ACCOUNT}:rule/${name}`;
const SG = `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`;

describe('CI roles and boundary: node autoscaling', () => {
  describe('deploy role (dev)', () => {
    it('creates, changes and deletes its own interruption queue, not another environment\'s', () => {
      for (const action of ['sqs:CreateQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:DeleteQueue']) {
        expect(allowed(dev, { action, resource: queue('qa-dev-karpenter-interruption') }), action).to.equal(true);
        expect(allowed(dev, { action, resource: queue('qa-prod-karpenter-interruption', 'eu-central-1') }), `${action} prod`).to.equal(false);
      }
      for (const action of ['sqs:ReceiveMessage', 'sqs:SendMessage', 'sqs:PurgeQueue']) expect(allowed(dev, { action, resource: queue('qa-dev-karpenter-interruption') }), action).to.equal(false);
    });

    it('manages its own EventBridge rules and their targets only', () => {
      for (const action of ['events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule', 'events:TagResource']) {
        expect(allowed(dev, { action, resource: rule('qa-dev-karpenter-spot-interruption') }), action).to.equal(true);
        expect(allowed(dev, { action, resource: rule('qa-prod-karpenter-spot-interruption', 'eu-central-1') }), `${action} prod`).to.equal(false);
        expect(allowed(dev, { action, resource: rule('someone-elses-rule') }), `${action} foreign`).to.equal(false);
      }
    });

    it('sets or removes only the discovery tag, only on its own cluster\'s security group', () => {
      const own = { 'aws:ResourceTag/aws:eks:cluster-name': 'qa-dev', 'aws:TagKeys': ['karpenter.sh/discovery'] };
      for (const action of ['ec2:CreateTags', 'ec2:DeleteTags']) {
        expect(allowed(dev, { action, resource: SG, context: own }), action).to.equal(true);
        expect(allowed(dev, { action, resource: SG, context: { ...own, 'aws:ResourceTag/aws:eks:cluster-name': 'qa-prod' } }), `${action} prod cluster`).to.equal(false);
        expect(allowed(dev, { action, resource: SG, context: { ...own, 'aws:TagKeys': ['Environment'] } }), `${action} another tag`).to.equal(false);
        expect(allowed(dev, { action, resource: SG, context: { 'aws:TagKeys': ['karpenter.sh/discovery'] } }), `${action} untagged group`).to.equal(false);
      }
    });
  });

  describe('plan role', () => {
    it('reads queue attributes and rules of the project, and no message', () => {
      expect(allowed(plan, { action: 'sqs:GetQueueAttributes', resource: queue('qa-prod-karpenter-interruption', 'eu-central-1') })).to.equal(true);
      expect(allowed(plan, { action: 'events:ListTargetsByRule', resource: rule('qa-dev-karpenter-rebalance') })).to.equal(true);
      expect(allowed(plan, { action: 'sqs:ReceiveMessage', resource: queue('qa-dev-karpenter-interruption') })).to.equal(false);
      expect(allowed(plan, { action: 'sqs:GetQueueAttributes', resource: queue('other-queue') })).to.equal(false);
    });
  });

  describe('permissions boundary (dev)', () => {
    const boundary = permissionsBoundaryStatements(deployScope('dev')) as Parameters<typeof decide>[0];
    const DEV_TAGS = { 'aws:ResourceTag/Project': 'ai-chatbot', 'aws:ResourceTag/Environment': 'dev' };
    const controller = karpenterControllerStatements({
      clusterName: 'qa-dev',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/qa-dev-karpenter-node`,
      interruptionQueueArn: queue('qa-dev-karpenter-interruption'),
    });

    it('allows every action of the Karpenter controller\'s policy on the resources it names', () => {
      const denied: string[] = [];
      for (const st of controller) {
        for (const action of [st.Action].flat()) {
          for (const resource of [st.Resource ?? '*'].flat()) {
            const concrete = resource === '*' ? '*' : resource.replace(/\*$/, 'example');
            if (decide(boundary, { action, resource: concrete, context: DEV_TAGS }) !== 'allow') denied.push(`${action} on ${concrete}`);
          }
        }
      }
      expect(denied).to.deep.equal([]);
    });

    it('still denies instance-profile writes outside Karpenter\'s path for this cluster, and anything tagged for prod', () => {
      const profile = (p: string) => `arn:aws:iam::${ACCOUNT}:instance-profile/${p}`;
      expect(decide(boundary, { action: 'iam:CreateInstanceProfile', resource: profile('karpenter/eu-west-1/qa-dev/uid/qa-dev_1') })).to.equal('allow');
      expect(decide(boundary, { action: 'iam:CreateInstanceProfile', resource: profile('karpenter/eu-central-1/qa-prod/uid/qa-prod_1') })).to.equal('explicit-deny');
      expect(decide(boundary, { action: 'iam:AddRoleToInstanceProfile', resource: profile('admin') })).to.equal('explicit-deny');
      expect(decide(boundary, { action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/qa-github-apply-dev` })).to.equal('explicit-deny');
      expect(decide(boundary, { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-1`, context: { 'aws:ResourceTag/Environment': 'prod' } })).to.equal('explicit-deny');
    });
  });
});
