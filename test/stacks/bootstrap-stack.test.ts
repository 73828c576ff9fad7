import { Testing } from 'cdktf';
import { expect } from 'chai';
import { MANAGED_POLICY_MAX_CHARS } from '../../modules/github-ci/ci-policies';
import type { ProjectConfig } from '../../modules/shared/environment-config';
import { stateBucketName } from '../../modules/shared/naming';
import { BOOTSTRAP_LOCAL_STATE_PATH, BootstrapStack } from '../../stacks/bootstrap-stack';
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
    expect(roles.map((r) => r.name)).to.have.members(['qa-github-plan', 'qa-github-apply']);
    for (const role of roles) expect(parsePolicy(role.assume_role_policy).Statement[0].Principal).to.deep.equal({ Federated: providerArn });
    const planState = Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === 'qa-github-plan-state');
    const statements = parsePolicy(planState!.policy).Statement;
    expect(statements.find((s) => s.Sid === 'LockState')?.Resource).to.equal(`\${aws_s3_bucket.${idOf('aws_s3_bucket')}.arn}/*.tflock`);
    expect(statements.find((s) => s.Sid === 'UseStateKey')?.Resource).to.equal(`\${aws_kms_key.${idOf('aws_kms_key')}.arn}`);
  });

  it('outputs the bucket, both role ARNs and the provider ARN', () => {
    const output = json.output ?? {};
    const roleId = (name: string) => Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === name)?.[0];
    expect(output.state_bucket.value).to.equal(stateBucketName('qa', TEST_ACCOUNT, 'eu-west-1'));
    expect(output.plan_role_arn.value).to.equal(`\${aws_iam_role.${roleId('qa-github-plan')}.arn}`);
    expect(output.apply_role_arn.value).to.equal(`\${aws_iam_role.${roleId('qa-github-apply')}.arn}`);
    expect(output.oidc_provider_arn.value).to.equal(`\${aws_iam_openid_connect_provider.${idOf('aws_iam_openid_connect_provider')}.arn}`);
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
