import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { useStateBucket } from './state-backend';
import { GitHubCiRoles, type EnvironmentCiRoles } from '../modules/github-ci/github-ci-roles';
import { GitHubOidcProvider } from '../modules/github-ci/github-oidc-provider';
import type { ProjectConfig } from '../modules/shared/environment-config';
import { stateBucketName } from '../modules/shared/naming';
import { environmentTags } from '../modules/shared/tags';
import { TerraformStateBucket } from '../modules/state-backend/terraform-state-bucket';

export interface BootstrapStackProps {
  readonly project: ProjectConfig;
}

/**
 * Where the local state file lives, relative to the stack's directory `cdktf.out/stacks/<stack>/`
 * (Terraform's working directory): the project root. `cdktf.out/` is a throw-away build output
 * (hashicorp/terraform-cdk#116), and the bootstrap state is the only record of the state bucket
 * until it is migrated. A relative path keeps the synthesized JSON the same on every machine,
 * unlike cdktf's default (an absolute path under the current directory).
 */
export const BOOTSTRAP_LOCAL_STATE_PATH = '../../../terraform.bootstrap.tfstate';

/**
 * The SSM parameters every platform stack manages (stacks/platform-parameter-values.ts), relative
 * to the environment's path: the plan role may read these by name and no other parameter.
 * test/stacks/platform-stack.test.ts fails when the two lists drift apart.
 */
export const PLATFORM_PARAMETER_NAMES = [
  'chatbot/aws-region',
  'chatbot/bedrock/primary-model-id',
  'chatbot/bedrock/fallback-model-id',
  'chatbot/metric-namespace',
  'chatbot/log-group',
  'platform/cluster-name',
  'platform/ecr-repository-url',
  'platform/collector-log-group',
  'static-site/bucket',
  'static-site/distribution-id',
  'static-site/domain-name',
] as const;

/**
 * Once per account: the Terraform state bucket the other stacks use, the GitHub OIDC provider,
 * the CI roles (the read-only `plan` role; per environment a deploy role and an image-push role)
 * and each environment's permissions boundary. Its own state starts local, because the bucket it
 * would live in does not exist yet; README documents moving it into the bucket
 * (`state.bootstrapBackend: s3`, then `terraform init -migrate-state`).
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: TerraformStateBucket;
  readonly oidcProvider: GitHubOidcProvider;
  readonly ciRoles: GitHubCiRoles;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { project } = props;
    const { accountId, region } = project.state;

    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [accountId],
      defaultTags: [{ tags: environmentTags({ name: 'bootstrap', namePrefix: project.namePrefix, tags: project.tags }) }],
    });
    if (project.state.bootstrapBackend === 's3') {
      useStateBucket(this, project.namePrefix, project.state);
    } else {
      new LocalBackend(this, { path: BOOTSTRAP_LOCAL_STATE_PATH });
    }

    this.stateBucket = new TerraformStateBucket(this, 'state-bucket', {
      bucketName: stateBucketName(project.namePrefix, accountId, region),
    });
    this.oidcProvider = new GitHubOidcProvider(this, 'github-oidc');
    this.ciRoles = new GitHubCiRoles(this, 'ci-roles', {
      project,
      oidcProviderArn: this.oidcProvider.arn,
      stateBucketArn: this.stateBucket.bucketArn,
      stateKeyArn: this.stateBucket.encryptionKey.arn,
      planParameterNames: PLATFORM_PARAMETER_NAMES,
    });

    new TerraformOutput(this, 'state_bucket', {
      value: this.stateBucket.bucketName,
      description: 'Terraform state bucket of the other stacks',
    });
    // The workflows derive these ARNs from config/ (projenrc/workflows/ci-settings.ts); the
    // outputs are for checking an applied bootstrap against them.
    const perEnvironment = (arn: (roles: EnvironmentCiRoles) => string) => Object.fromEntries(this.ciRoles.environments.map((e) => [e.name, arn(e)]));
    new TerraformOutput(this, 'plan_role_arn', {
      value: this.ciRoles.planRole.arn,
      description: 'Read-only role of pull-request plans, /plan and drift detection',
    });
    new TerraformOutput(this, 'apply_role_arns', {
      value: perEnvironment((e) => e.apply.role.arn),
      description: 'Deploy role of each environment, by environment name',
    });
    new TerraformOutput(this, 'image_role_arns', {
      value: perEnvironment((e) => e.image.role.arn),
      description: 'Image-push role of each environment, by environment name',
    });
    new TerraformOutput(this, 'permissions_boundary_arns', {
      value: perEnvironment((e) => e.permissionsBoundary.arn),
      description: 'Permissions boundary every role of an environment carries, by environment name',
    });
    new TerraformOutput(this, 'oidc_provider_arn', { value: this.oidcProvider.arn });
  }
}
