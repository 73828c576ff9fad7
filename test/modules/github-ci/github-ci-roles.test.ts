import { expect } from 'chai';
import { environmentSubjects, GitHubCiRoles, planSubjects, RESERVED_ENVIRONMENT_NAMES } from '../../../modules/github-ci/github-ci-roles';
import { DEPLOY_ROLE_WORKFLOWS, IMAGE_ROLE_WORKFLOWS, oidcSubject } from '../../../modules/shared/github-oidc-subjects';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';
import { resolveConfig } from '../../../stacks/config';
import { rawEnvironment, rawProject, TEST_ACCOUNT, testProject } from '../../support/environment';
import { parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';

const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const BUCKET_ARN = 'arn:aws:s3:::qa-tfstate-111122223333-eu-west-1';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';
const GITHUB = { owner: 'acme', repo: 'chatbot-platform', defaultBranch: 'main' };
const PARAMETERS = ['chatbot/aws-region', 'static-site/bucket'];

describe('GitHubCiRoles', () => {
  const project = testProject();
  let roles: GitHubCiRoles | undefined;
  const json = synthConstructs((stack) => {
    roles = new GitHubCiRoles(stack, 'ci', { project, oidcProviderArn: PROVIDER_ARN, stateBucketArn: BUCKET_ARN, stateKeyArn: KEY_ARN, planParameterNames: PARAMETERS });
  });
  const byName = (name: string) => {
    const found = Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === name);
    if (!found) throw new Error(`no role ${name}`);
    return { id: found[0], role: found[1], trust: parsePolicy(found[1].assume_role_policy).Statement };
  };
  const attachedPolicies = (roleId: string) =>
    Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
      .filter((a) => a.role === `\${aws_iam_role.${roleId}.name}`)
      .map((a) => {
        const policyId = /^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(a.policy_arn)?.[1] ?? '';
        return resourcesOf(json, 'aws_iam_policy')[policyId];
      });

  it('makes one plan role, and per environment a deploy role, an image role and a boundary', () => {
    expect(Object.values(resourcesOf(json, 'aws_iam_role')).map((r) => r.name)).to.have.members([
      'qa-github-plan',
      'qa-github-apply-dev',
      'qa-github-image-dev',
      'qa-github-apply-prod',
      'qa-github-image-prod',
    ]);
    const boundaries = Object.values(resourcesOf(json, 'aws_iam_policy')).filter((p) => p.name.includes('permissions-boundary'));
    expect(boundaries.map((p) => p.name)).to.have.members(['qa-permissions-boundary-dev', 'qa-permissions-boundary-prod']);
    expect(roles!.planRole.node.path).to.match(/ci\/plan\/role$/);
    expect(roles!.environment('prod').apply.role.node.path).to.match(/ci\/apply-prod\/role$/);
    expect(() => roles!.environment('staging')).to.throw(/no environment "staging"; known: dev, prod/);
  });

  it('lets pull requests (any workflow) and the plan environment, never a branch, assume the plan role', () => {
    const [trust, ...rest] = byName('qa-github-plan').trust;
    expect(rest).to.be.empty;
    expect(trust.Principal).to.deep.equal({ Federated: PROVIDER_ARN });
    expect(trust.Condition).to.deep.equal({
      StringEquals: { [AUD]: 'sts.amazonaws.com' },
      StringLike: { [SUB]: ['repo:acme/chatbot-platform:pull_request:*', 'repo:acme/chatbot-platform:environment:plan:*'] },
    });
  });

  for (const env of ['dev', 'prod']) {
    it(`lets only ${DEPLOY_ROLE_WORKFLOWS.join(' and ')} of main in GitHub environment ${env} assume qa-github-apply-${env}`, () => {
      const [trust, ...rest] = byName(`qa-github-apply-${env}`).trust;
      expect(rest).to.be.empty;
      expect(trust.Condition).to.deep.equal({
        StringEquals: {
          [AUD]: 'sts.amazonaws.com',
          [SUB]: DEPLOY_ROLE_WORKFLOWS.map((file) => `repo:acme/chatbot-platform:environment:${env}:job_workflow_ref:acme/chatbot-platform/.github/workflows/${file}@refs/heads/main`),
        },
      });
    });

    it(`lets only ${IMAGE_ROLE_WORKFLOWS.join(' and ')} of main in GitHub environment ${env} assume qa-github-image-${env}`, () => {
      const [trust] = byName(`qa-github-image-${env}`).trust;
      expect(trust.Condition.StringEquals[SUB]).to.deep.equal(IMAGE_ROLE_WORKFLOWS.map((file) => oidcSubject(GITHUB, `environment:${env}`, file, 'refs/heads/main')));
      expect(trust.Condition).not.to.have.property('StringLike');
    });
  }

  it('derives subjects from the repository, its default branch and the environment', () => {
    const github = { owner: 'o', repo: 'r', defaultBranch: 'trunk' };
    expect(planSubjects(github)).to.deep.equal(['repo:o/r:pull_request:*', 'repo:o/r:environment:plan:*']);
    expect(environmentSubjects(github, 'staging', ['apply.yml'])).to.deep.equal(['repo:o/r:environment:staging:job_workflow_ref:o/r/.github/workflows/apply.yml@refs/heads/trunk']);
  });

  it('gives deploy roles a longer session than plan and image roles (cluster creation outlasts an hour)', () => {
    expect(byName('qa-github-plan').role.max_session_duration).to.equal(3600);
    expect(byName('qa-github-apply-dev').role.max_session_duration).to.equal(7200);
    expect(byName('qa-github-image-dev').role.max_session_duration).to.equal(3600);
  });

  it('attaches each role its own policies, within the per-role quota', () => {
    const names = (role: string) => attachedPolicies(byName(role).id).map((p) => p.name);
    expect(names('qa-github-plan')).to.have.members(['qa-github-plan-read', 'qa-github-plan-state', 'qa-github-plan-parameters']);
    expect(names('qa-github-apply-dev')).to.have.members([
      'qa-github-apply-dev-read',
      'qa-github-apply-dev-state',
      'qa-github-apply-dev-deploy-network',
      'qa-github-apply-dev-deploy-cluster',
      'qa-github-apply-dev-deploy-edge',
      'qa-github-apply-dev-deploy-entry',
      'qa-github-apply-dev-deploy-operations',
      'qa-github-apply-dev-guardrails',
    ]);
    expect(names('qa-github-image-prod')).to.deep.equal(['qa-github-image-prod-push']);
  });

  it('scopes each deploy role to its environment: boundary, tags and state', () => {
    const policy = (name: string) => Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === name)!.policy as string;
    expect(policy('qa-github-apply-prod-deploy-cluster')).to.include(permissionsBoundaryArn('qa', TEST_ACCOUNT, 'prod'));
    expect(policy('qa-github-apply-prod-deploy-cluster')).not.to.include(permissionsBoundaryArn('qa', TEST_ACCOUNT, 'dev'));
    expect(policy('qa-github-apply-dev-deploy-network')).to.include('"aws:RequestTag/Environment":"dev"').and.include('"aws:RequestTag/Project":"ai-chatbot"');
    const state = parsePolicy(policy('qa-github-apply-dev-state')).Statement;
    expect(state.find((s) => s.Sid === 'ReadWriteOwnState')?.Resource).to.deep.equal([
      `${BUCKET_ARN}/platform-dev/terraform.tfstate`,
      `${BUCKET_ARN}/addons-dev/terraform.tfstate`,
      `${BUCKET_ARN}/platform-dev/terraform.tfstate.tflock`,
      `${BUCKET_ARN}/addons-dev/terraform.tfstate.tflock`,
    ]);
  });

  it('lets the plan role read every environment\'s state, and bootstrap\'s once it lives in the bucket', () => {
    const planState = (p: typeof project) => {
      const synthesized = synthConstructs((stack) => new GitHubCiRoles(stack, 'ci', { project: p, oidcProviderArn: PROVIDER_ARN, stateBucketArn: BUCKET_ARN, stateKeyArn: KEY_ARN, planParameterNames: PARAMETERS }));
      const state = Object.values(resourcesOf(synthesized, 'aws_iam_policy')).find((x) => x.name === 'qa-github-plan-state');
      return parsePolicy(state!.policy).Statement.find((s) => s.Sid === 'ReadCurrentState')!.Resource as string[];
    };
    expect(planState(project)).to.deep.equal(['platform-dev', 'addons-dev', 'platform-prod', 'addons-prod'].map((s) => `${BUCKET_ARN}/${s}/terraform.tfstate`));
    const migrated = resolveConfig({
      project: rawProject({ state: { accountId: TEST_ACCOUNT, region: 'eu-west-1', bootstrapBackend: 's3' } }),
      environments: { dev: rawEnvironment('dev'), prod: rawEnvironment('prod') },
    });
    expect(planState(migrated)[0]).to.equal(`${BUCKET_ARN}/bootstrap/terraform.tfstate`);
  });

  it('refuses environment names whose resource names would overlap the bootstrap\'s', () => {
    // `permissions` is reserved too, though config already refuses it (longer than 10 characters).
    for (const name of RESERVED_ENVIRONMENT_NAMES.filter((n) => n.length <= 10)) {
      const reserved = resolveConfig({ project: rawProject({ environments: [name] }), environments: { [name]: rawEnvironment(name) } });
      expect(() =>
        synthConstructs((stack) => new GitHubCiRoles(stack, 'ci', { project: reserved, oidcProviderArn: PROVIDER_ARN, stateBucketArn: BUCKET_ARN, stateKeyArn: KEY_ARN, planParameterNames: PARAMETERS })),
      ).to.throw(new RegExp(`"${name}" in config/project.yaml environments are reserved`));
    }
  });

  it('writes no inline policies (they share one 10,240-character budget per role)', () => {
    expect(resourcesOf(json, 'aws_iam_role_policy')).to.deep.equal({});
    for (const role of Object.values(resourcesOf(json, 'aws_iam_role'))) expect(role).not.to.have.property('inline_policy');
  });
});
