import { Testing } from 'cdktf';
import { expect } from 'chai';
import { MANAGED_POLICY_MAX_CHARS } from '../../modules/github-ci/ci-policies';
import type { ProjectConfig } from '../../modules/shared/environment-config';
import { environmentStackNames, permissionsBoundaryArn, stateBucketName, stateKey } from '../../modules/shared/naming';
import { buildPlatformApp } from '../../stacks/app';
import { BOOTSTRAP_LOCAL_STATE_PATH, BootstrapStack, PLATFORM_PARAMETER_NAMES } from '../../stacks/bootstrap-stack';
import { resolveConfig } from '../../stacks/config';
import { ALL_RULES } from '../policy/rules/all-rules';
import { rawEnvironment, rawProject, TEST_ACCOUNT, testProject } from '../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthStack, type TerraformJson } from '../support/synth';

function synthBootstrap(project: ProjectConfig): { stack: BootstrapStack; json: TerraformJson } {
  const stack = new BootstrapStack(Testing.app(), 'bootstrap', { project });
  return { stack, json: synthStack(stack) };
}

/** Longest value an interpolation in these policies resolves to (a KMS key ARN is ~80 characters). */
const RESOLVED_REFERENCE = 'x'.repeat(100);

describe('BootstrapStack', () => {
  const project = testProject();
  const { stack, json } = synthBootstrap(project);
  const idOf = (type: string) => Object.keys(resourcesOf(json, type))[0];

  it('keeps its own state local, outside the throw-away cdktf.out/', () => {
    expect(json.terraform?.backend).to.deep.equal({ local: { path: BOOTSTRAP_LOCAL_STATE_PATH } });
    // Terraform runs in cdktf.out/stacks/bootstrap/: three levels up is the project root.
    expect(BOOTSTRAP_LOCAL_STATE_PATH).to.equal('../../../terraform.bootstrap.tfstate');
  });

  it('moves its state into the bucket once bootstrapBackend is s3', () => {
    const migrated = resolveConfig({
      project: rawProject({ state: { accountId: TEST_ACCOUNT, region: 'eu-west-1', bootstrapBackend: 's3' } }),
      environments: { dev: rawEnvironment('dev'), prod: rawEnvironment('prod') },
    });
    const backend = synthBootstrap(migrated).json.terraform?.backend;
    expect(backend).not.to.have.property('local');
    expect(backend?.s3).to.include({ bucket: stateBucketName('qa', TEST_ACCOUNT, 'eu-west-1'), key: 'bootstrap/terraform.tfstate', encrypt: true, use_lockfile: true });
  });

  it('pins the provider to the state account and region, with the bootstrap default tags', () => {
    const [provider] = json.provider?.aws ?? [];
    expect(provider.region).to.equal('eu-west-1');
    expect(provider.allowed_account_ids).to.deep.equal([TEST_ACCOUNT]);
    expect(provider.default_tags).to.deep.equal([{ tags: { Project: 'ai-chatbot', Owner: 'platform', Environment: 'bootstrap', ManagedBy: 'cdktf' } }]);
  });

  it('creates the state bucket under the shared name, protected from destroy', () => {
    const bucket = onlyResource(json, 'aws_s3_bucket');
    expect(bucket.bucket).to.equal(stateBucketName('qa', TEST_ACCOUNT, 'eu-west-1'));
    expect(bucket.lifecycle).to.deep.equal({ prevent_destroy: true });
    expect(stack.stateBucket.bucketName).to.equal(bucket.bucket);
  });

  it('has CI roles trusting this stack\'s GitHub OIDC provider and using this stack\'s bucket and key', () => {
    const providerArn = `\${aws_iam_openid_connect_provider.${idOf('aws_iam_openid_connect_provider')}.arn}`;
    const roles = Object.values(resourcesOf(json, 'aws_iam_role'));
    expect(roles.map((r) => r.name)).to.have.members(['qa-github-plan', 'qa-github-apply-dev', 'qa-github-image-dev', 'qa-github-apply-prod', 'qa-github-image-prod']);
    for (const role of roles) expect(parsePolicy(role.assume_role_policy).Statement[0].Principal).to.deep.equal({ Federated: providerArn });
    const statementsOf = (name: string) => parsePolicy(Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === name)!.policy).Statement;
    const bucketArn = `\${aws_s3_bucket.${idOf('aws_s3_bucket')}.arn}`;
    const keyArn = `\${aws_kms_key.${idOf('aws_kms_key')}.arn}`;
    const planState = statementsOf('qa-github-plan-state');
    expect(planState.find((s) => s.Sid === 'ReadCurrentState')?.Resource).to.include(`${bucketArn}/platform-dev/terraform.tfstate`);
    expect(planState.find((s) => s.Sid === 'DecryptStateThroughS3')).to.deep.include({
      Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': bucketArn } },
    });
    expect(statementsOf('qa-github-apply-prod-guardrails').find((s) => s.Sid === 'ProtectStateKey')?.Resource).to.equal(keyArn);
    expect(statementsOf('qa-permissions-boundary-dev').find((s) => s.Sid === 'NoBootstrapAccess')?.Resource).to.include.members([bucketArn, `${bucketArn}/*`, keyArn]);
  });

  it('grants state access under the names the app gives its stacks', () => {
    const { stacks } = buildPlatformApp(project, Testing.app());
    const expected = project.environments.flatMap((e) => environmentStackNames(e.name));
    expect(stacks.map((s) => s.node.id)).to.deep.equal(['bootstrap', ...expected]);
    const planState = parsePolicy(Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === 'qa-github-plan-state')!.policy).Statement;
    const bucketArn = `\${aws_s3_bucket.${idOf('aws_s3_bucket')}.arn}`;
    expect(planState.find((s) => s.Sid === 'ReadCurrentState')?.Resource).to.deep.equal(expected.map((name) => `${bucketArn}/${stateKey(name)}`));
  });

  it('lets the plan role read exactly the parameters the platform stacks manage', () => {
    const parameters = parsePolicy(Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === 'qa-github-plan-parameters')!.policy).Statement;
    expect(parameters.map((s) => s.Sid)).to.deep.equal(['ReadParametersDev', 'ReadParametersProd']);
    expect(parameters[0].Resource).to.deep.equal(PLATFORM_PARAMETER_NAMES.map((name) => `arn:aws:ssm:eu-west-1:${TEST_ACCOUNT}:parameter/qa/dev/${name}`));
  });

  it('makes one permissions boundary per environment, named as the platform stacks expect it', () => {
    const boundaries = Object.values(resourcesOf(json, 'aws_iam_policy')).filter((p) => p.name.includes('permissions-boundary'));
    expect(boundaries.map((p) => `arn:aws:iam::${TEST_ACCOUNT}:policy/${p.name}`)).to.have.members(project.environments.map((e) => permissionsBoundaryArn('qa', e.accountId, e.name)));
    const boundaryIds = Object.entries(resourcesOf(json, 'aws_iam_policy')).filter(([, p]) => p.name.includes('permissions-boundary')).map(([id]) => id);
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).filter((a) => boundaryIds.some((id) => String(a.policy_arn).includes(`.${id}.`)));
    expect(attached, 'a boundary attached as a permission policy').to.deep.equal([]);
  });

  it('outputs the bucket, the plan role, each environment\'s deploy and image roles and boundary, and the provider', () => {
    const output = json.output ?? {};
    const roleRef = (name: string) => `\${aws_iam_role.${Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === name)?.[0]}.arn}`;
    const policyRef = (name: string) => `\${aws_iam_policy.${Object.entries(resourcesOf(json, 'aws_iam_policy')).find(([, p]) => p.name === name)?.[0]}.arn}`;
    expect(output.state_bucket.value).to.equal(stateBucketName('qa', TEST_ACCOUNT, 'eu-west-1'));
    expect(output.plan_role_arn.value).to.equal(roleRef('qa-github-plan'));
    expect(output.apply_role_arns.value).to.deep.equal({ dev: roleRef('qa-github-apply-dev'), prod: roleRef('qa-github-apply-prod') });
    expect(output.image_role_arns.value).to.deep.equal({ dev: roleRef('qa-github-image-dev'), prod: roleRef('qa-github-image-prod') });
    expect(output.permissions_boundary_arns.value).to.deep.equal({ dev: policyRef('qa-permissions-boundary-dev'), prod: policyRef('qa-permissions-boundary-prod') });
    expect(output.oidc_provider_arn.value).to.equal(`\${aws_iam_openid_connect_provider.${idOf('aws_iam_openid_connect_provider')}.arn}`);
    expect(output).not.to.have.property('apply_role_arn');
  });

  it('keeps every policy document under its IAM size limit once references resolve', () => {
    const resolved = (doc: string) => doc.replace(/\$\{[^}]+\}/g, RESOLVED_REFERENCE);
    const policies = Object.values(resourcesOf(json, 'aws_iam_policy'));
    expect(policies).not.to.be.empty;
    for (const p of policies) expect(resolved(p.policy).length, p.name).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
    // Role trust policies: 2,048 characters by default.
    for (const r of Object.values(resourcesOf(json, 'aws_iam_role'))) expect(resolved(r.assume_role_policy).length, r.name).to.be.at.most(2048);
  });

  it('passes the policy suite', () => {
    const violations = ALL_RULES.flatMap((rule) => rule.check({ name: 'bootstrap', json, production: true, kind: 'bootstrap' }));
    expect(violations).to.deep.equal([]);
  });
});
