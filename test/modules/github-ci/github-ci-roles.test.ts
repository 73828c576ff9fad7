import { expect } from 'chai';
import { applySubjects, GitHubCiRoles, planSubjects } from '../../../modules/github-ci/github-ci-roles';
import { testProject } from '../../support/environment';
import { parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';

const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const BUCKET_ARN = 'arn:aws:s3:::qa-tfstate-111122223333-eu-west-1';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const SUB = 'token.actions.githubusercontent.com:sub';

describe('GitHubCiRoles', () => {
  const project = testProject();
  let roles: GitHubCiRoles | undefined;
  const json = synthConstructs((stack) => {
    roles = new GitHubCiRoles(stack, 'ci', { project, oidcProviderArn: PROVIDER_ARN, stateBucketArn: BUCKET_ARN, stateKeyArn: KEY_ARN });
  });
  const byName = (name: string) => {
    const found = Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === name);
    if (!found) throw new Error(`no role ${name}`);
    return { id: found[0], role: found[1], trust: parsePolicy(found[1].assume_role_policy).Statement[0] };
  };
  const attachedPolicies = (roleId: string) =>
    Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
      .filter((a) => a.role === `\${aws_iam_role.${roleId}.name}`)
      .map((a) => {
        const policyId = /^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(a.policy_arn)?.[1] ?? '';
        return resourcesOf(json, 'aws_iam_policy')[policyId];
      });

  it('names the roles with ciRoleName and exposes them', () => {
    expect(roles!.planRole.node.path).to.match(/ci\/plan\/role$/);
    expect(roles!.applyRole.node.path).to.match(/ci\/apply\/role$/);
    expect(Object.values(resourcesOf(json, 'aws_iam_role')).map((r) => r.name)).to.have.members(['qa-github-plan', 'qa-github-apply']);
  });

  it('lets pull requests and the default branch (drift detection) assume the plan role', () => {
    const { trust } = byName('qa-github-plan');
    expect(trust.Condition.StringEquals[SUB]).to.deep.equal(['repo:acme/chatbot-platform:pull_request', 'repo:acme/chatbot-platform:ref:refs/heads/main']);
    expect(trust.Condition.StringEquals['token.actions.githubusercontent.com:aud']).to.equal('sts.amazonaws.com');
    expect(trust.Principal).to.deep.equal({ Federated: PROVIDER_ARN });
  });

  it('lets every GitHub environment and the default branch, but no pull request, assume the apply role', () => {
    const { trust } = byName('qa-github-apply');
    expect(trust.Condition.StringEquals[SUB]).to.deep.equal([
      'repo:acme/chatbot-platform:environment:dev',
      'repo:acme/chatbot-platform:environment:prod',
      'repo:acme/chatbot-platform:ref:refs/heads/main',
    ]);
    expect(trust.Condition).not.to.have.property('StringLike');
  });

  it('derives subjects from the repository and environments', () => {
    const github = { owner: 'o', repo: 'r', defaultBranch: 'trunk' };
    expect(planSubjects(github)).to.deep.equal(['repo:o/r:pull_request', 'repo:o/r:ref:refs/heads/trunk']);
    expect(applySubjects(github, ['staging'])).to.deep.equal(['repo:o/r:environment:staging', 'repo:o/r:ref:refs/heads/trunk']);
  });

  it('gives apply a longer session than plan (cluster creation outlasts an hour)', () => {
    expect(byName('qa-github-plan').role.max_session_duration).to.equal(3600);
    expect(byName('qa-github-apply').role.max_session_duration).to.equal(7200);
  });

  it('attaches the plan and apply policies, within the per-role quota', () => {
    const plan = attachedPolicies(byName('qa-github-plan').id).map((p) => p.name);
    const apply = attachedPolicies(byName('qa-github-apply').id).map((p) => p.name);
    expect(plan).to.have.members(['qa-github-plan-read', 'qa-github-plan-state']);
    expect(apply).to.include.members(['qa-github-apply-read', 'qa-github-apply-state', 'qa-github-apply-guardrails']);
    expect(apply.length).to.be.at.most(10);
  });

  it('scopes state access to the given bucket and key', () => {
    const state = attachedPolicies(byName('qa-github-plan').id).find((p) => p.name === 'qa-github-plan-state');
    const statements = parsePolicy(state!.policy).Statement;
    expect(statements.find((s) => s.Sid === 'LockState')?.Resource).to.equal(`${BUCKET_ARN}/*.tflock`);
    expect(statements.find((s) => s.Sid === 'UseStateKey')?.Resource).to.equal(KEY_ARN);
  });

  it('writes no inline policies (they share one 10,240-character budget per role)', () => {
    expect(resourcesOf(json, 'aws_iam_role_policy')).to.deep.equal({});
    for (const role of Object.values(resourcesOf(json, 'aws_iam_role'))) expect(role).not.to.have.property('inline_policy');
  });
});
