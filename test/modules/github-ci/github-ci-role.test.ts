import { expect } from 'chai';
import { GitHubCiRole, type GitHubCiRoleProps } from '../../../modules/github-ci/github-ci-role';
import { policyJson } from '../../../modules/shared/policy-document';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const GITHUB = { owner: 'acme', repo: 'chatbot-platform', defaultBranch: 'main' };
const READ = policyJson({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });

function synthRole(overrides: Partial<GitHubCiRoleProps> = {}): TerraformJson {
  return synthConstructs((stack) => {
    new GitHubCiRole(stack, 'ci', {
      roleName: 'qa-github-plan',
      oidcProviderArn: PROVIDER_ARN,
      github: GITHUB,
      subjects: ['repo:acme/chatbot-platform:pull_request', 'repo:acme/chatbot-platform:ref:refs/heads/main'],
      policies: [{ name: 'read', document: READ }],
      ...overrides,
    });
  });
}

describe('GitHubCiRole', () => {
  const json = synthRole();
  const role = onlyResource(json, 'aws_iam_role');
  const [trust] = parsePolicy(role.assume_role_policy).Statement;

  it('is assumed only by web identity through the GitHub OIDC provider', () => {
    expect(role.name).to.equal('qa-github-plan');
    expect(trust.Effect).to.equal('Allow');
    expect(trust.Principal).to.deep.equal({ Federated: PROVIDER_ARN });
    expect(trust.Action).to.equal('sts:AssumeRoleWithWebIdentity');
  });

  it('requires the STS audience and the exact subjects (StringEquals)', () => {
    expect(trust.Condition).to.deep.equal({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:acme/chatbot-platform:pull_request', 'repo:acme/chatbot-platform:ref:refs/heads/main'],
      },
    });
  });

  it('matches subjects with StringLike only when one has a wildcard, keeping the audience exact', () => {
    const [st] = parsePolicy(onlyResource(synthRole({ subjects: ['repo:acme/chatbot-platform:ref:refs/heads/release-*'] }), 'aws_iam_role').assume_role_policy).Statement;
    expect(st.Condition).to.deep.equal({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/chatbot-platform:ref:refs/heads/release-*'] },
    });
  });

  it('attaches each policy as a customer managed policy named after the role', () => {
    const roleId = Object.keys(resourcesOf(json, 'aws_iam_role'))[0];
    const policy = onlyResource(json, 'aws_iam_policy');
    const policyId = Object.keys(resourcesOf(json, 'aws_iam_policy'))[0];
    expect(policy.name).to.equal('qa-github-plan-read');
    expect(policy.policy).to.equal(READ);
    expect(onlyResource(json, 'aws_iam_role_policy_attachment')).to.include({ role: `\${aws_iam_role.${roleId}.name}`, policy_arn: `\${aws_iam_policy.${policyId}.arn}` });
    expect(role).not.to.have.property('inline_policy');
  });

  it('limits sessions to an hour by default', () => {
    expect(role.max_session_duration).to.equal(3600);
    expect(onlyResource(synthRole({ maxSessionDurationSeconds: 7200 }), 'aws_iam_role').max_session_duration).to.equal(7200);
  });

  describe('validation', () => {
    it('rejects a subject of another repository, naming it and the required prefix', () => {
      expect(() => synthRole({ subjects: ['repo:evil/chatbot-platform:pull_request'] })).to.throw(
        /subject "repo:evil\/chatbot-platform:pull_request" does not belong to acme\/chatbot-platform; it must start with "repo:acme\/chatbot-platform:"/,
      );
    });

    it('rejects a repository whose name merely starts with ours', () => {
      expect(() => synthRole({ subjects: ['repo:acme/chatbot-platform-fork:pull_request'] })).to.throw(/does not belong to acme\/chatbot-platform/);
    });

    it('rejects wildcards in the owner or repository', () => {
      expect(() => synthRole({ github: { ...GITHUB, owner: 'acme*' }, subjects: ['repo:acme*/chatbot-platform:pull_request'] })).to.throw(/github.owner "acme\*" contains a wildcard/);
      expect(() => synthRole({ subjects: ['repo:acme/*:pull_request'] })).to.throw(/does not belong/);
    });

    it('rejects an empty subject list or a bare repository prefix', () => {
      expect(() => synthRole({ subjects: [] })).to.throw(/subjects is empty/);
      expect(() => synthRole({ subjects: ['repo:acme/chatbot-platform:'] })).to.throw(/does not belong/);
    });

    it('rejects session lengths IAM does not accept', () => {
      expect(() => synthRole({ maxSessionDurationSeconds: 600 })).to.throw(/maxSessionDurationSeconds must be a whole number from 3600 to 43200, got 600/);
    });

    it('rejects more policies than IAM attaches to a role', () => {
      const policies = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, document: READ }));
      expect(() => synthRole({ policies })).to.throw(/11 policies exceed the 10 managed policies/);
    });
  });
});
